import * as tf from '@tensorflow/tfjs-core';
import { ARRAY_KERNEL_BACKENDS, type ArrayKernel, registerArrayKernel } from '@weft/core';

/**
 * The per-row mean squared error `[n, u]` → `[n]` as one kernel each way on the CPU backends.
 * The op path (squaredDifference, a mean or reshape; then their gradients: subtract, two
 * multiplies, a divide, reshapes) is ~9 kernel calls per step, which on small regression models
 * costs more than the arithmetic (house price: a 3-10-1 MLP, batch 10). Sums run in float64.
 */
export const SQUARED_ERROR_ROWS = 'WeftSquaredErrorRows';
export const SQUARED_ERROR_ROWS_GRAD = 'WeftSquaredErrorRowsGrad';

/** Inputs yTrue, yPred [n, u]; output [n]: mean over each row of (yTrue − yPred)². */
const forward: ArrayKernel = {
  name: SQUARED_ERROR_ROWS,
  outputShapes: ([shape]) => [[(shape as number[])[0] as number]],
  compute([yTrue, yPred], [out], [shape]) {
    const [n, u] = shape as [number, number];
    const t = yTrue as Float32Array;
    const p = yPred as Float32Array;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = i * u; j < (i + 1) * u; j++) {
        const d = (t[j] as number) - (p[j] as number);
        sum += d * d;
      }
      (out as Float32Array)[i] = sum / u;
    }
  },
};

/** Inputs dy [n], yTrue, yPred [n, u]; outputs d yTrue, d yPred: ∓2·(yTrue − yPred)·dy / u. */
const backward: ArrayKernel = {
  name: SQUARED_ERROR_ROWS_GRAD,
  outputShapes: ([, shape]) => [shape as number[], shape as number[]],
  compute([dy, yTrue, yPred], [dTrue, dPred], [, shape]) {
    const [n, u] = shape as [number, number];
    for (let i = 0; i < n; i++) {
      const scale = (2 * ((dy as Float32Array)[i] as number)) / u;
      for (let j = i * u; j < (i + 1) * u; j++) {
        const g = scale * (((yTrue as Float32Array)[j] as number) - ((yPred as Float32Array)[j] as number));
        (dTrue as Float32Array)[j] = g;
        (dPred as Float32Array)[j] = -g;
      }
    }
  },
};

/** True when {@link squaredErrorRows} takes these tensors: a CPU backend, float32, equal `[n, u]` shapes. */
export function takesSquaredErrorRows(yTrue: tf.Tensor, yPred: tf.Tensor): boolean {
  return (
    (ARRAY_KERNEL_BACKENDS as readonly string[]).includes(tf.getBackend()) &&
    yTrue.rank === 2 &&
    yTrue.dtype === 'float32' &&
    yPred.dtype === 'float32' &&
    tf.util.arraysEqual(yTrue.shape, yPred.shape)
  );
}

/** Per-row mean of (yTrue − yPred)², `[n, u]` → `[n]`, through the fused kernels, with its gradient. */
export function squaredErrorRows(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  registerArrayKernel(forward);
  registerArrayKernel(backward);
  return tf.customGrad((t, p, save) => {
    (save as tf.GradSaveFunc)([t as tf.Tensor, p as tf.Tensor]);
    return {
      value: tf
        .engine()
        .runKernel(SQUARED_ERROR_ROWS, { yTrue: t as tf.Tensor, yPred: p as tf.Tensor }, {}) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, [st, sp]: tf.Tensor[]) =>
        tf
          .engine()
          .runKernel(
            SQUARED_ERROR_ROWS_GRAD,
            { dy, yTrue: st as tf.Tensor, yPred: sp as tf.Tensor },
            {},
          ) as tf.Tensor[],
    };
  })(yTrue, yPred);
}
