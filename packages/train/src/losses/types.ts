import type * as tf from '@tensorflow/tfjs-core';

/**
 * A loss as a plain function: targets and predictions (`[batch, …]`) to a scalar, the mean over
 * the batch. Synchronous, so it runs inside `tf.tidy` and the gradient tape. A function may
 * instead return one loss per row (`[batch]`): then `sampleWeight` and `classWeight` apply to it.
 */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** Output shape of a model, batch axis first and possibly null. */
export type OutputShape = readonly (number | null)[];

/**
 * A loss `fit` knows in full: the loss of each row, plus the checks and the output transform
 * that only the loss can define. The classes (`HuberLoss`, `BinaryCrossentropyLoss`, …) implement
 * it; write your own the same way to get per-sample weights and target checks.
 */
export interface Loss {
  /** The registry name (`'huber'`). */
  readonly name: string;
  /**
   * One loss per row, shape `[batch]`: the elementwise (or per-class) loss reduced over the
   * other axes. Synchronous, runs inside the gradient tape; inputs are not disposed.
   */
  perSample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor;
  /** Throws a typed error when targets of this shape cannot go with this model output. */
  checkShapes?(yShape: readonly number[], outputShape: OutputShape, where: string): void;
  /** Reads the targets (once, before training) and throws a typed error on values the loss rejects. */
  checkTargets?(y: tf.Tensor, outputShape: OutputShape, where: string): Promise<void>;
  /**
   * Reads a sample of the model's outputs (once, before training) and throws a typed error when
   * they cannot be what the loss expects (a probability loss fed logits).
   */
  checkOutputs?(yPred: tf.Tensor, where: string): Promise<void>;
  /** Maps raw model outputs to what metrics should see (probabilities for `fromLogits` losses). */
  toPrediction?(yPred: tf.Tensor): tf.Tensor;
}
