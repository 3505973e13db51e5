import * as tf from '@tensorflow/tfjs-core';
import { type ArrayKernel, onArrayKernelBackend, registerArrayKernel } from '@weft/core';

/**
 * Per-row losses `[n, u]` → `[n]` as one fused kernel each way on the CPU backends. Their op
 * paths are 5–10 elementwise kernels forward and as many backward per step (the cross-entropies'
 * clip, log, multiply, sum, negate, then every gradient), which on small models costs more than
 * the arithmetic. Each loss here states a row's value and gradient as plain loops; sums run in
 * float64 before the float32 store, so results agree with the ops to float32 rounding.
 */
export interface RowLoss {
  /** The kernels are `<name>` and `<name>Grad`. */
  name: string;
  /** The loss of the row whose values are `t[start…start+u)` (targets) and `p[…]` (predictions). */
  value(t: Float32Array, p: Float32Array, start: number, u: number): number;
  /** Writes d loss/d t and d loss/d p for the row into `dt`, `dp`, scaled by `dy` (the row's upstream gradient). */
  gradient(
    t: Float32Array,
    p: Float32Array,
    start: number,
    u: number,
    dy: number,
    dt: Float32Array,
    dp: Float32Array,
  ): void;
}

/** True when the fused kernels take these tensors: a CPU backend, float32, equal `[n, u]` shapes. */
export function takesRowLoss(yTrue: tf.Tensor, yPred: tf.Tensor): boolean {
  return (
    onArrayKernelBackend() &&
    yTrue.rank === 2 &&
    yTrue.dtype === 'float32' &&
    yPred.dtype === 'float32' &&
    tf.util.arraysEqual(yTrue.shape, yPred.shape)
  );
}

/**
 * The fused form of `loss`: its two kernels, built once and registered on first use, and a
 * function running it on `[n, u]` targets and predictions (see {@link takesRowLoss}) with its
 * gradient.
 */
export function defineRowLoss(loss: RowLoss): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  const grad = `${loss.name}Grad`;
  const forward: ArrayKernel = {
    name: loss.name,
    outputShapes: ([shape]) => [[(shape as number[])[0] as number]],
    compute([t, p], [out], [shape]) {
      const [n, u] = shape as [number, number];
      for (let i = 0; i < n; i++)
        (out as Float32Array)[i] = loss.value(t as Float32Array, p as Float32Array, i * u, u);
    },
  };
  const backward: ArrayKernel = {
    name: grad,
    outputShapes: ([, shape]) => [shape as number[], shape as number[]],
    compute([dy, t, p], [dt, dp], [, shape]) {
      const [n, u] = shape as [number, number];
      for (let i = 0; i < n; i++) {
        const scale = (dy as Float32Array)[i] as number;
        loss.gradient(
          t as Float32Array,
          p as Float32Array,
          i * u,
          u,
          scale,
          dt as Float32Array,
          dp as Float32Array,
        );
      }
    },
  };
  return (yTrue, yPred) => {
    registerArrayKernel(forward);
    registerArrayKernel(backward);
    return tf.customGrad((t, p, save) => {
      (save as tf.GradSaveFunc)([t as tf.Tensor, p as tf.Tensor]);
      return {
        value: tf
          .engine()
          .runKernel(loss.name, { yTrue: t as tf.Tensor, yPred: p as tf.Tensor }, {}) as tf.Tensor,
        gradFunc: (dy: tf.Tensor, [st, sp]: tf.Tensor[]) =>
          tf
            .engine()
            .runKernel(grad, { dy, yTrue: st as tf.Tensor, yPred: sp as tf.Tensor }, {}) as tf.Tensor[],
      };
    })(yTrue, yPred);
  };
}
