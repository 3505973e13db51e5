import * as tf from '@tensorflow/tfjs-core';
import type { MetricInput } from './metric.js';

/** Above this many classes the k² count vector costs more to read back than the labels. */
const MAX_DEVICE_CLASSES = 1024;
/** float32 holds every integer up to 2²⁴ exactly, so no count of a batch this size can round. */
const MAX_DEVICE_ROWS = 2 ** 24;

export interface DenseCounts {
  /** Row-major `k × k` counts over labels 0 … k−1 (rows true, columns predicted). */
  matrix: Float32Array;
  k: number;
}

/**
 * Confusion counts computed on the tensors' own backend, read back with one `await data()`:
 * per-class scores `[n, C]` (argmax) or 1-D scores with an explicit threshold, against class
 * indices `[n]` / `[n, 1]` or one-hot rows `[n, C]`. Counts are float32 `bincount`s, exact for
 * batches under 2²⁴ rows (int32 `bincount` returns float bit patterns on webgpu in tfjs 4.22). The
 * same read carries two validity counters (true labels outside 0 … k−1 or non-integer; NaN);
 * when either is non-zero, or the inputs do not fit this path, it returns undefined and the
 * caller reads the values into JS, which also raises the precise typed error.
 */
export async function deviceCounts(
  yTrue: MetricInput,
  yPred: MetricInput,
  threshold: number | undefined,
): Promise<DenseCounts | undefined> {
  if (!(yTrue instanceof tf.Tensor) || !(yPred instanceof tf.Tensor)) return undefined;
  const n = yPred.shape[0] as number;
  const predCols = yPred.rank === 2 ? (yPred.shape[1] as number) : 1;
  const trueCols = yTrue.rank === 2 ? (yTrue.shape[1] as number) : 1;
  let k = 0;
  if (yPred.rank === 2 && predCols >= 2) k = predCols;
  else if (yPred.rank <= 2 && predCols === 1 && threshold !== undefined) k = 2;
  const fits =
    k > 0 &&
    k <= MAX_DEVICE_CLASSES &&
    n > 0 &&
    n < MAX_DEVICE_ROWS &&
    yTrue.rank >= 1 &&
    yTrue.rank <= 2 &&
    yTrue.shape[0] === n &&
    (trueCols === 1 || trueCols === k);
  if (!fits) return undefined;

  const packed = tf.tidy(() => {
    const scores = tf.cast(yPred, 'float32');
    const pred =
      k === predCols
        ? tf.argMax(scores, 1)
        : tf.cast(tf.greater(tf.reshape(scores, [n]), threshold as number), 'int32');
    const truthF =
      trueCols === 1 ? tf.reshape(tf.cast(yTrue, 'float32'), [n]) : tf.cast(tf.argMax(yTrue, 1), 'float32');
    // NaN fails the integer test too (NaN ≠ floor(NaN)).
    const invalid = tf.logicalOr(
      tf.logicalOr(tf.less(truthF, 0), tf.greaterEqual(truthF, k)),
      tf.notEqual(truthF, tf.floor(truthF)),
    );
    const nans = tf.add(
      tf.sum(tf.cast(tf.isNaN(scores), 'int32')),
      tf.sum(tf.cast(tf.isNaN(yTrue), 'int32')),
    );
    const truth = tf.cast(tf.clipByValue(truthF, 0, k - 1), 'int32');
    const keys = tf.add(tf.mul(truth, tf.scalar(k, 'int32')), pred) as tf.Tensor1D;
    const counts = tf.bincount(keys, tf.tensor1d([], 'float32'), k * k);
    return tf.concat([counts, tf.cast(tf.stack([tf.sum(tf.cast(invalid, 'int32')), nans]), 'float32')]);
  });
  const data = (await packed.data()) as Float32Array;
  packed.dispose();
  if (data[k * k] !== 0 || data[k * k + 1] !== 0) return undefined;
  return { matrix: data.subarray(0, k * k), k };
}
