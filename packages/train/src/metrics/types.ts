import type * as tf from '@tensorflow/tfjs-core';

/**
 * A metric as the training loop runs it: `update` per batch stays on the device (no read-back),
 * `result` reads the value once per epoch and resets. Built from a name (`'accuracy'`) or from a
 * stateful @weft/metrics object.
 */
export interface EpochMetric {
  /** History key (`'accuracy'`, `'meanAbsoluteError'`); validation adds `val` + Key. */
  readonly key: string;
  /** Adds a batch; synchronous and device-side. Inputs stay the caller's. */
  update(yTrue: tf.Tensor, yPred: tf.Tensor): void;
  /** The value over the batches since the last result (one read-back), then resets. */
  result(): Promise<number>;
  /** Drops accumulated state (and its tensors). */
  reset(): void;
}
