import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@weft/core';
import type { Metric } from '@weft/metrics';
import type { EpochMetric } from './types.js';

/** `[n, 1]` → `[n]`: @weft/metrics reads single-column targets and probabilities as rank 1. */
function squeezeColumn(t: tf.Tensor): tf.Tensor {
  return t.rank === 2 && t.shape[1] === 1 ? tf.reshape(t, [t.shape[0] as number]) : tf.clone(t);
}

/**
 * Runs a stateful @weft/metrics object in the loop: batches are kept on the device (copies) and
 * handed to `metric.update` once per epoch, concatenated, so values are read back once, never per
 * step. The metric is reset before and after, so one object can serve every epoch.
 */
export class WeftMetricAdapter implements EpochMetric {
  readonly key: string;
  private yTrue: tf.Tensor[] = [];
  private yPred: tf.Tensor[] = [];

  constructor(
    private readonly metric: Metric<unknown, never, never>,
    key?: string,
  ) {
    this.key = key ?? metric.name;
  }

  update(yTrue: tf.Tensor, yPred: tf.Tensor): void {
    // Kept: update may run inside the caller's tidy, which must not free the epoch's batches.
    this.yTrue.push(tf.keep(squeezeColumn(yTrue)));
    this.yPred.push(tf.keep(squeezeColumn(yPred)));
  }

  async result(): Promise<number> {
    if (this.yTrue.length === 0) {
      throw new ValueError({ where: `metric ${this.key}`, problem: 'no batch was added before reading it' });
    }
    const yTrue = this.yTrue.length === 1 ? tf.clone(this.yTrue[0] as tf.Tensor) : tf.concat(this.yTrue, 0);
    const yPred = this.yPred.length === 1 ? tf.clone(this.yPred[0] as tf.Tensor) : tf.concat(this.yPred, 0);
    this.reset();
    const metric = this.metric as unknown as Metric<unknown>;
    try {
      metric.reset();
      await metric.update(yTrue, yPred);
      const value = await metric.compute();
      if (typeof value !== 'number') {
        throw new ValueError({
          where: 'fit',
          problem: `metric "${this.key}" does not compute a single number, so it cannot go in the history`,
          received: { value },
          fix: 'Use an averaged form (e.g. { average: "macro" }) or compute it after training',
        });
      }
      return value;
    } finally {
      metric.reset();
      tf.dispose([yTrue, yPred]);
    }
  }

  reset(): void {
    tf.dispose([...this.yTrue, ...this.yPred]);
    this.yTrue = [];
    this.yPred = [];
  }
}
