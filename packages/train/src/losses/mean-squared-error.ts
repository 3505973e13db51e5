import * as tf from '@tensorflow/tfjs-core';
import { squaredErrorRows } from './mse-kernel.js';
import { meanOverRows } from './reduce.js';
import { takesRowLoss } from './row-loss-kernel.js';
import type { Loss } from './types.js';

/** Mean of (yTrue − yPred)² over every element: Keras' and PyTorch's `MSELoss` default. */
export function meanSquaredErrorLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(yTrue, yPred)));
}

/** Squared error, averaged over each row (`'mse'`). */
export class MeanSquaredErrorLoss implements Loss {
  readonly name = 'mse';

  perSample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    // On cpu and wasm one fused kernel each way (see row-loss-kernel.ts); elsewhere the ops.
    if (takesRowLoss(yTrue, yPred)) return squaredErrorRows(yTrue, yPred);
    return tf.tidy(() => meanOverRows(tf.squaredDifference(yTrue, yPred)));
  }
}
