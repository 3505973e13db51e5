import * as tf from '@tensorflow/tfjs-core';

/**
 * Backends whose BatchMatMul is far slower with `transposeA`/`transposeB` than with an explicit
 * transpose first: wasm 4.22 runs the flagged forms as a plain loop but the plain form through
 * XNNPACK (64×1600 by 1600×128, the Fashion CNN's Dense layer: dW 7.8 ms with transposeA against
 * 1.2 ms transposing first; dx 7.5 ms against 1.8 ms).
 */
const EXPLICIT_TRANSPOSE = new Set(['wasm']);

/** Swaps the last two axes. */
function swapLast(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  perm.splice(-2, 2, t.rank - 1, t.rank - 2);
  return tf.transpose(t, perm);
}

/**
 * `tf.matMul(a, b, transposeA, transposeB)` for inputs of equal rank ≥ 2, whose forward pass and
 * gradients avoid the transposed kernels on backends where those are slow. Elsewhere it is
 * exactly `tf.matMul`.
 */
export function matMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  if (!EXPLICIT_TRANSPOSE.has(tf.getBackend())) return tf.matMul(a, b, transposeA, transposeB);
  const plain = tf.customGrad((x, y, save) => {
    (save as tf.GradSaveFunc)([x as tf.Tensor, y as tf.Tensor]);
    return {
      value: tf.matMul(x as tf.Tensor, y as tf.Tensor),
      // z = x·y: dx = dz·yᵀ, dy = xᵀ·dz, each with an explicit transpose.
      gradFunc: (dz: tf.Tensor, [sx, sy]: tf.Tensor[]) => [
        tf.matMul(dz, swapLast(sy as tf.Tensor)),
        tf.matMul(swapLast(sx as tf.Tensor), dz),
      ],
    };
  });
  return tf.tidy(() => plain(transposeA ? swapLast(a) : a, transposeB ? swapLast(b) : b));
}
