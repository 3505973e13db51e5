import * as tf from '@tensorflow/tfjs-core';
import { type ArrayKernel, onArrayKernelBackend, registerArrayKernel } from '@weft/core';
import type { ActivationName } from './activations.js';

/**
 * A whole small Dense layer as two kernels on the CPU backends: `activation(x·W + b)` forward, and
 * dx, dW, db in one backward call. On layers this small the arithmetic takes nanoseconds and the
 * time is tfjs' per-kernel overhead: the op-by-op path is 3 forward and 8 backward kernels per
 * layer (matMul, add, activation; activation gradient, bias sum and reshape, two transposes and two
 * matMuls), plus the engine's copies of every tensor it keeps. Sums run in float64 before the
 * float32 store, so results agree with the op path to float32 rounding, not bit for bit.
 */
export const SMALL_DENSE_FORWARD = 'WeftSmallDenseForward';
export const SMALL_DENSE_BACKWARD = 'WeftSmallDenseBackward';

/**
 * Up to this many multiply-adds per call (rows × inputs × units) one JS loop beats the kernel
 * chain; above it XNNPACK's and tfjs' matmuls win. (A 3-10-1 MLP at batch 10 is 300 and 100.)
 */
export const SMALL_DENSE_MAX_MACS = 4096;

/** Activations whose derivative is a function of the output. */
const FUSED_ACTIVATIONS: readonly ActivationName[] = ['linear', 'relu', 'sigmoid', 'tanh'];
const CODES: Record<string, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };

function activate(code: number, v: number): number {
  if (code === 1) return Math.max(v, 0); // NaN stays NaN, as in tfjs
  if (code === 2) return 1 / (1 + Math.exp(-v));
  if (code === 3) return Math.tanh(v);
  return v;
}

/** d activation / d input, from the activation's output `y`. */
function derivative(code: number, y: number): number {
  if (code === 1) return y > 0 ? 1 : 0;
  if (code === 2) return y * (1 - y);
  if (code === 3) return 1 - y * y;
  return 1;
}

/** Inputs x [n, k], W [k, u], then b [u] when the layer has a bias. Output y [n, u]. */
const forward: ArrayKernel = {
  name: SMALL_DENSE_FORWARD,
  outputShapes: ([x, w]) => [[(x as number[])[0] as number, (w as number[])[1] as number]],
  compute([x, w, b], [y], [xShape, wShape], attrs) {
    const [n, k] = xShape as [number, number];
    const u = (wShape as number[])[1] as number;
    const code = attrs.activation as number;
    const row = new Float64Array(u);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < u; j++) row[j] = b ? (b[j] as number) : 0;
      for (let p = 0; p < k; p++) {
        const xv = (x as Float32Array)[i * k + p] as number;
        for (let j = 0; j < u; j++)
          row[j] = (row[j] as number) + xv * ((w as Float32Array)[p * u + j] as number);
      }
      for (let j = 0; j < u; j++) (y as Float32Array)[i * u + j] = activate(code, row[j] as number);
    }
  },
};

/** Inputs dy [n, u], x [n, k], W [k, u], y [n, u]. Outputs dx [n, k], dW [k, u], then db [u] if the layer has a bias. */
const backward: ArrayKernel = {
  name: SMALL_DENSE_BACKWARD,
  outputShapes: ([, x, w], attrs) => [
    x as number[],
    w as number[],
    ...(attrs.hasBias ? [[(w as number[])[1] as number]] : []),
  ],
  compute([dy, x, w, y], [dx, dw, db], [, xShape, wShape], attrs) {
    const [n, k] = xShape as [number, number];
    const u = (wShape as number[])[1] as number;
    const code = attrs.activation as number;
    // g = dy · activation'(y), the gradient at the pre-activation.
    const g = new Float64Array(n * u);
    for (let i = 0; i < n * u; i++)
      g[i] = ((dy as Float32Array)[i] as number) * derivative(code, (y as Float32Array)[i] as number);
    const sums = new Float64Array(Math.max(k * u, u, k));
    if (db) {
      sums.fill(0, 0, u);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < u; j++) sums[j] = (sums[j] as number) + (g[i * u + j] as number);
      for (let j = 0; j < u; j++) db[j] = sums[j] as number;
    }
    // dW = xᵀ·g
    sums.fill(0, 0, k * u);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < k; p++) {
        const xv = (x as Float32Array)[i * k + p] as number;
        for (let j = 0; j < u; j++)
          sums[p * u + j] = (sums[p * u + j] as number) + xv * (g[i * u + j] as number);
      }
    }
    for (let q = 0; q < k * u; q++) (dw as Float32Array)[q] = sums[q] as number;
    // dx = g·Wᵀ
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < k; p++) {
        let acc = 0;
        for (let j = 0; j < u; j++)
          acc += (g[i * u + j] as number) * ((w as Float32Array)[p * u + j] as number);
        (dx as Float32Array)[i * k + p] = acc;
      }
    }
  },
};

/** True when {@link smallDense} takes this call: a CPU backend, float32, a small 2-D product. */
export function takesSmallDense(x: tf.Tensor, kernel: tf.Tensor, activation: ActivationName): boolean {
  if (!onArrayKernelBackend()) return false;
  if (x.rank !== 2 || x.dtype !== 'float32' || !FUSED_ACTIVATIONS.includes(activation)) return false;
  const [n, k] = x.shape as [number, number];
  return n * k * (kernel.shape[1] as number) <= SMALL_DENSE_MAX_MACS;
}

/** `activation(x·kernel + bias)` through the fused kernels, with its gradient. */
export function smallDense(
  x: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor | null,
  activation: ActivationName,
): tf.Tensor {
  registerArrayKernel(forward);
  registerArrayKernel(backward);
  const attrs = { activation: CODES[activation] as number, hasBias: bias !== null };
  const run = (inputs: tf.Tensor[], save: tf.GradSaveFunc) => {
    const [xs, w, b] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const y = tf
      .engine()
      .runKernel(SMALL_DENSE_FORWARD, b ? { x: xs, w, b } : { x: xs, w }, attrs) as tf.Tensor;
    save([xs, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [sx, sw, sy]: tf.Tensor[]) =>
        tf
          .engine()
          .runKernel(
            SMALL_DENSE_BACKWARD,
            { dy, x: sx as tf.Tensor, w: sw as tf.Tensor, y: sy as tf.Tensor },
            attrs,
          ) as tf.Tensor[],
    };
  };
  return bias
    ? tf.customGrad((a, b, c, save) => run([a, b, c] as tf.Tensor[], save as tf.GradSaveFunc))(
        x,
        kernel,
        bias,
      )
    : tf.customGrad((a, b, save) => run([a, b] as tf.Tensor[], save as tf.GradSaveFunc))(x, kernel);
}
