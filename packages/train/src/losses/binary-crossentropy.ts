import * as tf from '@tensorflow/tfjs-core';
import { fusedBinaryRows } from './crossentropy-kernels.js';
import { type CrossentropyOptions, checkFromLogits, checkProbabilities, EPSILON } from './options.js';
import { meanOverRows } from './reduce.js';
import { takesRowLoss } from './row-loss-kernel.js';
import type { Loss } from './types.js';

/**
 * −(y·log p + (1 − y)·log(1 − p)) elementwise. From logits z it uses the stable form
 * max(z, 0) − z·y + log(1 + e^(−|z|)), which never overflows (PyTorch's `BCEWithLogitsLoss`).
 */
function elementwise(yTrue: tf.Tensor, yPred: tf.Tensor, fromLogits: boolean): tf.Tensor {
  if (fromLogits) {
    return tf.add(tf.sub(tf.relu(yPred), tf.mul(yPred, yTrue)), tf.log1p(tf.exp(tf.neg(tf.abs(yPred)))));
  }
  const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
  return tf.neg(tf.add(tf.mul(yTrue, tf.log(p)), tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p)))));
}

/** Binary cross-entropy averaged over every element; targets in [0, 1]. */
export function binaryCrossentropyLoss(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: CrossentropyOptions = {},
): tf.Scalar {
  const fromLogits = checkFromLogits(options, 'binaryCrossentropyLoss');
  return tf.tidy(() => tf.mean(elementwise(yTrue, yPred, fromLogits)));
}

/**
 * Binary (and multi-label) cross-entropy per row (`'binaryCrossentropy'`): targets in [0, 1]
 * shaped like the output, predictions probabilities (a sigmoid output) or, with `fromLogits`,
 * raw scores. Metrics then see sigmoid(logits).
 */
export class BinaryCrossentropyLoss implements Loss {
  readonly name = 'binaryCrossentropy';
  readonly fromLogits: boolean;

  constructor(options: CrossentropyOptions = {}) {
    this.fromLogits = checkFromLogits(options, 'BinaryCrossentropyLoss.constructor');
  }

  perSample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    // Probabilities on cpu and wasm: one fused kernel each way (see row-loss-kernel.ts).
    if (!this.fromLogits && takesRowLoss(yTrue, yPred)) return fusedBinaryRows(yTrue, yPred);
    return tf.tidy(() => meanOverRows(elementwise(yTrue, yPred, this.fromLogits)));
  }

  async checkOutputs(yPred: tf.Tensor, where: string): Promise<void> {
    if (!this.fromLogits) await checkProbabilities(yPred, false, this.name, where);
  }

  toPrediction(yPred: tf.Tensor): tf.Tensor {
    return this.fromLogits ? tf.sigmoid(yPred) : tf.clone(yPred);
  }
}
