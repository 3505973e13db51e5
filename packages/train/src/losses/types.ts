import type * as tf from '@tensorflow/tfjs-core';

/**
 * A loss maps targets and predictions (same shape, [batch, …]) to a scalar: the mean over the
 * batch. Synchronous, so it runs inside `tf.tidy` and the optimizer's gradient tape.
 */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;
