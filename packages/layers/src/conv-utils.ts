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
): number | null {
  if (size === null) return null;
  return padding === 'same' ? Math.ceil(size / stride) : Math.ceil((size - window + 1) / stride);
}

/** `[b, h, w, c]` → `[b, h', w', channels]` for a window, strides and padding. */
export function spatialOutputShape(
  inputShape: InputShape,
  window: [number, number],
  strides: [number, number],
  padding: Padding,
  channels: number | null,
): InputShape {
  return [
    inputShape[0] ?? null,
    outputLength(inputShape[1] ?? null, window[0], strides[0], padding),
    outputLength(inputShape[2] ?? null, window[1], strides[1], padding),
    channels,
  ];
}

/** tfjs' 'same' padding along one axis: [before, after]. */
function samePads(size: number, window: number, stride: number): [number, number] {
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

/** Whether the active backend has a kernel (else a layer supplies its own gradient). */
export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
