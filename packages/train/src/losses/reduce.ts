import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import type { OutputShape } from './types.js';

/** `[batch, …]` → `[batch]`: the mean over every axis but the first (rank 1 stays as it is). */
export function meanOverRows(t: tf.Tensor): tf.Tensor {
  if (t.rank <= 1) return t;
  // One value per row already ([n, 1]): a reshape is free where a reduction costs a kernel.
  if (t.size === t.shape[0]) return tf.reshape(t, [t.shape[0] as number]);
  return tf.mean(
    t,
    Array.from({ length: t.rank - 1 }, (_, i) => i + 1),
  );
}

/**
 * Keras' reduction: `Σ wᵢ·lossᵢ / batch` (weights scale rows; they are not renormalized), or the
 * plain mean without weights. A rank-0 `values` is already a mean: it cannot take weights.
 */
export function weightedMean(values: tf.Tensor, weights: tf.Tensor | null, name: string): tf.Scalar {
  return tf.tidy(() => {
    if (values.rank === 0) {
      if (weights) {
        throw new ConfigError({
          where: 'fit',
          problem: `the loss "${name}" returns a scalar, so sampleWeight and classWeight cannot weight its rows`,
          expected: 'a loss that returns one value per row ([batch]) or a built-in loss',
          fix: 'Return the per-row losses from the loss function (fit averages them)',
        });
      }
      return values as tf.Scalar;
    }
    const rows = meanOverRows(values);
    return weights ? tf.div(tf.sum(tf.mul(rows, weights)), rows.shape[0] as number) : tf.mean(rows);
  });
}

/** The default check: targets shaped like the model's output (`[n, units]` for `[n, units]`). */
export function checkSameShape(yShape: readonly number[], outputShape: OutputShape, where: string): void {
  const out = outputShape.slice(1);
  const want = yShape.slice(1);
  if (out.length !== want.length || out.some((d, i) => d !== null && d !== want[i])) {
    throw new ShapeError({
      where,
      problem: "the model's output does not match the targets",
      expected: `targets of shape [n, ${out.join(', ')}] for this model`,
      received: { yShape: [...yShape], modelOutputShape: [null, ...out] },
      fix: 'Make the last layer output one unit per target column, or reshape y',
    });
  }
}
