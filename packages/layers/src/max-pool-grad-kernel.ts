import type * as tf from '@tensorflow/tfjs-core';
import type { ArrayKernel } from '@weft/core';
import { type Padding, samePads } from './conv-utils.js';

/**
 * The gradient of 2-D max pooling (NHWC) as one loop: each window's gradient goes to its first
 * maximum, as tfjs' cpu kernel and PyTorch do. Replaces, on the cpu and wasm backends, tfjs-backend-wasm's
 * `MaxPoolGrad` — a slow single loop (≈ 24 ms of a 79 ms Fashion-CNN step) that also starts each
 * window's search at FLT_MIN, so windows of negative values routed their gradient wrongly — and
 * the shift-by-minimum workaround that needed three more passes over the activations.
 * Inputs: `x` (the pooling input) and `dy` (the gradient of the pooled output).
 */
export const MAX_POOL_GRAD_KERNEL = 'WeftMaxPoolGrad';

export interface MaxPoolGradAttrs {
  poolSize: [number, number];
  strides: [number, number];
  padding: Padding;
}

export const maxPoolGradKernel: ArrayKernel = {
  name: MAX_POOL_GRAD_KERNEL,
  outputShapes: ([xShape]) => [xShape as number[]],
  compute([x, dy], [dx], [xShape, dyShape], attrs) {
    const { poolSize, strides, padding } = attrs as unknown as MaxPoolGradAttrs;
    const [batch, height, width, channels] = xShape as [number, number, number, number];
    const [, outH, outW] = dyShape as [number, number, number, number];
    const [ph, pw] = poolSize;
    const [sh, sw] = strides;
    const top = padding === 'same' ? samePads(height, ph, sh)[0] : 0;
    const left = padding === 'same' ? samePads(width, pw, sw)[0] : 0;
    const input = x as Float32Array;
    const grad = dy as Float32Array;
    const out = dx as Float32Array;
    // Per output position, the running maximum and its input index for every channel: the
    // window is scanned row by row with channels innermost, so reads stay contiguous.
    const best = new Float32Array(channels);
    const where = new Int32Array(channels);
    for (let b = 0; b < batch; b++) {
      for (let oy = 0; oy < outH; oy++) {
        const y0 = Math.max(0, oy * sh - top);
        const y1 = Math.min(height, oy * sh - top + ph);
        for (let ox = 0; ox < outW; ox++) {
          const x0 = Math.max(0, ox * sw - left);
          const x1 = Math.min(width, ox * sw - left + pw);
          // Start from the window's first element (a window of -Infinity or NaN then sends its
          // gradient there), and scan the rest for a strictly larger value.
          const first = ((b * height + y0) * width + x0) * channels;
          for (let c = 0; c < channels; c++) {
            best[c] = input[first + c] as number;
            where[c] = first + c;
          }
          for (let y = y0; y < y1; y++) {
            for (let xx = y === y0 ? x0 + 1 : x0; xx < x1; xx++) {
              const base = ((b * height + y) * width + xx) * channels;
              for (let c = 0; c < channels; c++) {
                const v = input[base + c] as number;
                if (v > (best[c] as number)) {
                  best[c] = v;
                  where[c] = base + c;
                }
              }
            }
          }
          const g = ((b * outH + oy) * outW + ox) * channels;
          for (let c = 0; c < channels; c++) {
            const i = where[c] as number;
            out[i] = (out[i] as number) + (grad[g + c] as number);
          }
        }
      }
    }
  },
};

/** The attributes object for {@link maxPoolGradKernel} (tfjs' NamedAttrMap type). */
export function maxPoolGradAttrs(attrs: MaxPoolGradAttrs): tf.NamedAttrMap {
  return attrs as unknown as tf.NamedAttrMap;
}
