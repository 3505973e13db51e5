import * as tf from '@tensorflow/tfjs-core';
import { meanOverRows } from './reduce.js';
import type { Loss } from './types.js';

/** Mean of |yTrue − yPred| over every element. */
export function meanAbsoluteErrorLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(yTrue, yPred))));
}

/** Absolute error, averaged over each row (`'mae'`). */
export class MeanAbsoluteErrorLoss implements Loss {
  readonly name = 'mae';

  perSample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.tidy(() => meanOverRows(tf.abs(tf.sub(yTrue, yPred))));
  }
}
