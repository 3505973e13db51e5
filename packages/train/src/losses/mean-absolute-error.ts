import * as tf from '@tensorflow/tfjs-core';

/** Mean of |yTrue − yPred| over every element. */
export function meanAbsoluteErrorLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(yTrue, yPred))));
}
