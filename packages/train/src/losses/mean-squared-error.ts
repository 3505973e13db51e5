import * as tf from '@tensorflow/tfjs-core';
import { meanOverRows } from './reduce.js';
import type { Loss } from './types.js';

/** Mean of (yTrue − yPred)² over every element: Keras' and PyTorch's `MSELoss` default. */
export function meanSquaredErrorLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(yTrue, yPred)));
}

/** Squared error, averaged over each row (`'mse'`). */
export class MeanSquaredErrorLoss implements Loss {
  readonly name = 'mse';

  perSample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.tidy(() => meanOverRows(tf.squaredDifference(yTrue, yPred)));
  }
}
