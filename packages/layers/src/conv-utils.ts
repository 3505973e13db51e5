import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import type { InputShape } from './layer.js';

/** Shared by the 2-D convolution and pooling layers (NHWC). */
export type Padding = 'valid' | 'same';
export const PADDINGS: readonly Padding[] = ['valid', 'same'];

/** A size given as `n` or `[h, w]`, as a pair of positive integers. */
export function pair(where: string, name: string, value: unknown): [number, number] {
  const p = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => Number.isInteger(v) && v > 0)) {
    throw new ConfigError({
      where,
      problem: `${name} must be a positive integer or a pair [h, w] of them`,
      received: { [name]: value },
    });
  }
  return [p[0], p[1]];
}

/** Output length along one axis (tfjs' and Keras' rule); null stays null. */
export function outputLength(
  size: number | null,
  window: number,
  stride: number,
  padding: Padding,
  dilation = 1,
): number | null {
  if (size === null) return null;
  const span = (window - 1) * dilation + 1;
  return padding === 'same' ? Math.ceil(size / stride) : Math.ceil((size - span + 1) / stride);
}

/** `[b, h, w, c]` → `[b, h', w', channels]` for a window, strides and padding. */
export function spatialOutputShape(
  inputShape: InputShape,
  window: [number, number],
  strides: [number, number],
  padding: Padding,
  channels: number | null,
  dilation: [number, number] = [1, 1],
): InputShape {
  return [
    inputShape[0] ?? null,
    outputLength(inputShape[1] ?? null, window[0], strides[0], padding, dilation[0]),
    outputLength(inputShape[2] ?? null, window[1], strides[1], padding, dilation[1]),
    channels,
  ];
}

/** tfjs' 'same' padding along one axis: [before, after]. */
export function samePads(size: number, window: number, stride: number): [number, number] {
  const total = Math.max(0, (Math.ceil(size / stride) - 1) * stride + window - size);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * dL/dW of `y = conv2d(x, W, strides, padding)` computed as one forward convolution, for
 * backends without a `Conv2DBackpropFilter` kernel (wasm):
 * `dW[i, j, c, o] = Σ_{b, p, q} xpad[b, p·sh + i, q·sw + j, c] · dy[b, p, q, o]` is a 'valid'
 * convolution of x transposed to `[c, H, W, b]` with dy transposed to `[p, q, b, o]` as the
 * filter, dilated by the strides; the result is cropped to the kernel and transposed to HWIO.
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kernelShape: readonly number[],
  strides: [number, number],
  padding: Padding,
): tf.Tensor4D {
  const [kh, kw] = kernelShape as [number, number];
  let padded = x;
  if (padding === 'same') {
    const [top, bottom] = samePads(x.shape[1], kh, strides[0]);
    const [left, right] = samePads(x.shape[2], kw, strides[1]);
    padded = tf.pad(x, [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ]);
  }
  const g = tf.conv2d(
    tf.transpose(padded, [3, 1, 2, 0]),
    tf.transpose(dy, [1, 2, 0, 3]),
    1,
    'valid',
    'NHWC',
    strides,
  );
  return tf.transpose(tf.slice(g, [0, 0, 0, 0], [-1, kh, kw, -1]), [1, 2, 0, 3]);
}

/**
 * dL/dx of `y = conv2d(x, W, strides, padding)` computed as one forward convolution, for backends
 * whose Conv2DBackpropInput kernel is slow (wasm's is a plain loop, while its forward convolution
 * is XNNPACK's): dy is spread out by the strides (zeros between rows and columns), padded by
 * `k − 1 − padBefore` before and by what reaches the input's size after, and correlated with the
 * kernel flipped in space and transposed to `[kh, kw, out, in]`.
 */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  kernel: tf.Tensor4D,
  inputShape: readonly number[],
  strides: [number, number],
  padding: Padding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = inputShape as [number, number, number, number];
    const [kh, kw] = kernel.shape;
    const [top] = padding === 'same' ? samePads(h, kh, strides[0]) : [0];
    const [left] = padding === 'same' ? samePads(w, kw, strides[1]) : [0];
    const spread = spreadSpatial(dy, strides);
    const pads: [number, number][] = [
      [0, 0],
      [kh - 1 - top, h + top - (spread.shape[1] as number)],
      [kw - 1 - left, w + left - (spread.shape[2] as number)],
      [0, 0],
    ];
    const flipped = tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(tf.pad(spread, pads), flipped, 1, 'valid');
  });
}

/** `[b, p, q, c]` → `[b, (p−1)·sh + 1, (q−1)·sw + 1, c]` with zeros between the rows and columns. */
function spreadSpatial(t: tf.Tensor4D, [sh, sw]: [number, number]): tf.Tensor4D {
  let out: tf.Tensor = t;
  const [b, p, q, c] = t.shape;
  if (sh > 1) {
    out = tf.pad(tf.reshape(out, [b, p, 1, q * c]), [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
    ]);
    out = tf.slice(tf.reshape(out, [b, p * sh, q, c]), [0, 0], [-1, (p - 1) * sh + 1]);
  }
  if (sw > 1) {
    const rows = out.shape[1] as number;
    out = tf.pad(tf.reshape(out, [b, rows, q, 1, c]), [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]);
    out = tf.slice(tf.reshape(out, [b, rows, q * sw, c]), [0, 0, 0], [-1, -1, (q - 1) * sw + 1]);
  }
  return out as tf.Tensor4D;
}

/** Whether the active backend has a kernel (else a layer supplies its own gradient). */
export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/**
 * Backends whose kernel gradient comes from {@link conv2dFilterGradient} (one forward
 * convolution) rather than tfjs' Conv2DBackpropFilter kernel: wasm has no such kernel, and on cpu
 * the forward convolution is 25–40× faster (batch 64: 28×28×1→32 took 77–126 ms against 2.2 s;
 * 13×13×32→64, 0.35–0.47 s against 17.9 s, including the native path's forward pass). Any other
 * backend lacking the kernel uses it too.
 */
const OWN_FILTER_GRADIENT = new Set(['cpu', 'wasm']);

/** Backends whose input gradient comes from {@link conv2dInputGradient} (measured faster there). */
const OWN_INPUT_GRADIENT = new Set(['wasm']);

/**
 * A trainable 2-D convolution (NHWC input, HWIO kernel) on every backend. Dilated kernels are
 * spread out explicitly with zeros ({@link dilateKernel}), because tfjs has no gradient for
 * dilated convolutions; that also allows strides and dilation together, which tfjs' conv2d refuses.
 */
export function conv2dTrainable(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  strides: [number, number],
  padding: Padding,
  dilation: [number, number] = [1, 1],
): tf.Tensor4D {
  const w = dilation[0] === 1 && dilation[1] === 1 ? kernel : dilateKernel(kernel, dilation);
  if (!OWN_FILTER_GRADIENT.has(tf.getBackend()) && hasKernel('Conv2DBackpropFilter')) {
    return tf.conv2d(x, w, strides, padding);
  }
  const conv = tf.customGrad((input, filter, save) => {
    const [xs, ws] = [input as tf.Tensor4D, filter as tf.Tensor4D];
    (save as tf.GradSaveFunc)([xs, ws]);
    return {
      value: tf.conv2d(xs, ws, strides, padding),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
        const inputGradient = OWN_INPUT_GRADIENT.has(tf.getBackend())
          ? conv2dInputGradient(dy as tf.Tensor4D, sw, sx.shape, strides, padding)
          : tf.conv2dTranspose(dy as tf.Tensor4D, sw, sx.shape, strides, padding);
        return [inputGradient, conv2dFilterGradient(sx, dy as tf.Tensor4D, sw.shape, strides, padding)];
      },
    };
  });
  return conv(x, w) as tf.Tensor4D;
}

/**
 * `[kh, kw, i, o]` → `[(kh−1)·dh + 1, (kw−1)·dw + 1, i, o]` with zeros between the taps: a
 * dilated convolution is an ordinary one with this kernel. Built from reshape, pad and slice,
 * which have gradients on every backend. It costs the zeros' multiplications.
 */
export function dilateKernel(kernel: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, ci, co] = kernel.shape;
    let w: tf.Tensor = kernel;
    if (dh > 1) {
      w = tf.pad(tf.reshape(w, [kh, 1, kw * ci * co]), [
        [0, 0],
        [0, dh - 1],
        [0, 0],
      ]);
      w = tf.slice(tf.reshape(w, [kh * dh, kw, ci, co]), 0, (kh - 1) * dh + 1);
    }
    if (dw > 1) {
      const h = w.shape[0] as number;
      w = tf.pad(tf.reshape(w, [h, kw, 1, ci * co]), [
        [0, 0],
        [0, 0],
        [0, dw - 1],
        [0, 0],
      ]);
      w = tf.slice(tf.reshape(w, [h, kw * dw, ci, co]), [0, 0], [-1, (kw - 1) * dw + 1]);
    }
    return w as tf.Tensor4D;
  });
}
