import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@weft/core';
import type { EpochMetric } from './types.js';

/**
 * A metric that is a running sum on the device divided by a count kept in JavaScript: the sum
 * grows by one tensor op per batch and is read once, in `result`.
 */
class SumMetric implements EpochMetric {
  private sum: tf.Tensor | null = null;
  private count = 0;

  constructor(
    readonly key: string,
    /** Per-batch contribution (a scalar) and the count it adds. Runs inside tf.tidy. */
    private readonly contribution: (
      yTrue: tf.Tensor,
      yPred: tf.Tensor,
    ) => { value: tf.Scalar; count: number },
    private readonly finish: (mean: number) => number = (mean) => mean,
  ) {}

  update(yTrue: tf.Tensor, yPred: tf.Tensor): void {
    let count = 0;
    const next = tf.tidy(() => {
      const part = this.contribution(yTrue, yPred);
      count = part.count;
      return this.sum ? tf.add(this.sum, part.value) : tf.clone(part.value);
    });
    this.sum?.dispose();
    // Kept: update may run inside the caller's tidy, which must not free the running sum.
    this.sum = tf.keep(next);
    this.count += count;
  }

  async result(): Promise<number> {
    if (!this.sum || this.count === 0) {
      throw new ValueError({ where: `metric ${this.key}`, problem: 'no batch was added before reading it' });
    }
    const total = (await this.sum.data())[0] as number;
    const value = this.finish(total / this.count);
    this.reset();
    return value;
  }

  reset(): void {
    this.sum?.dispose();
    this.sum = null;
    this.count = 0;
  }
}

/**
 * Class indices per row from targets or predictions: argmax over a last axis of 2 or more
 * (one-hot targets, class scores), labels as they are for `[n]`/`[n, 1]` integer targets, and a
 * 0.5 threshold for single-column probabilities.
 */
function classesOf(t: tf.Tensor, isPrediction: boolean, classes: number): tf.Tensor {
  const last = t.shape[t.rank - 1] as number;
  if (t.rank >= 2 && last > 1 && (isPrediction || last === classes)) return tf.argMax(t, -1);
  const flat = t.rank >= 2 && last === 1 ? tf.reshape(t, t.shape.slice(0, -1)) : t;
  if (classes > 1) return tf.cast(flat, 'int32');
  return tf.cast(tf.greater(flat, 0.5), 'int32');
}

/** Fraction of rows whose predicted class equals the true one (binary, one-hot or sparse targets). */
export function accuracyMetric(): EpochMetric {
  return new SumMetric('accuracy', (yTrue, yPred) => {
    const classes = yPred.rank >= 2 ? (yPred.shape[yPred.rank - 1] as number) : 1;
    const hits = tf.equal(classesOf(yPred, true, classes), classesOf(yTrue, false, classes));
    return { value: tf.sum(tf.cast(hits, 'float32')), count: hits.size };
  });
}

function elementwise(key: string, op: (d: tf.Tensor) => tf.Tensor, finish?: (m: number) => number) {
  return new SumMetric(
    key,
    (yTrue, yPred) => {
      const d = tf.sub(tf.reshape(yTrue, yPred.shape), yPred);
      return { value: tf.sum(op(d)), count: d.size };
    },
    finish,
  );
}

/** Mean absolute error over every element. */
export const maeMetric = (): EpochMetric => elementwise('mae', tf.abs);
/** Mean squared error over every element. */
export const mseMetric = (): EpochMetric => elementwise('mse', tf.square);
/** Root of the mean squared error over the epoch (not a mean of batch roots). */
export const rmseMetric = (): EpochMetric => elementwise('rmse', tf.square, Math.sqrt);
