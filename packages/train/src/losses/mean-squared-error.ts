import * as tf from '@tensorflow/tfjs-core';

/** Mean of (yTrue − yPred)² over every element: Keras' and PyTorch's `MSELoss` default. */
export function meanSquaredErrorLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(yTrue, yPred)));
}
