import * as tf from '@tensorflow/tfjs-core';
import { fusedCategoricalRows } from './crossentropy-kernels.js';
import { type CrossentropyOptions, checkFromLogits, checkProbabilities, EPSILON } from './options.js';
import { meanOverRows } from './reduce.js';
import { takesRowLoss } from './row-loss-kernel.js';
import type { Loss } from './types.js';

/**
 * −Σ_c y_c·log p_c over the last axis, then averaged over any other non-batch axes. Probabilities
 * are clipped (not renormalized: pass a softmax output, or logits with `fromLogits`); logits go
 * through logSoftmax, which is stable for any scale.
 */
export function categoricalRows(yTrue: tf.Tensor, yPred: tf.Tensor, fromLogits: boolean): tf.Tensor {
  const logP = fromLogits ? tf.logSoftmax(yPred) : tf.log(tf.clipByValue(yPred, EPSILON, 1 - EPSILON));
  return meanOverRows(tf.neg(tf.sum(tf.mul(yTrue, logP), -1)));
}

/** Categorical cross-entropy, mean over rows; targets one-hot (or soft) `[n, classes]`. */
export function categoricalCrossentropyLoss(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: CrossentropyOptions = {},
): tf.Scalar {
  const fromLogits = checkFromLogits(options, 'categoricalCrossentropyLoss');
  return tf.tidy(() => tf.mean(categoricalRows(yTrue, yPred, fromLogits)));
}

/**
 * Categorical cross-entropy per row (`'categoricalCrossentropy'`): one-hot or soft targets
 * shaped like the output `[n, classes]`. Metrics see softmax(logits) with `fromLogits`.
 */
export class CategoricalCrossentropyLoss implements Loss {
  readonly name = 'categoricalCrossentropy';
  readonly fromLogits: boolean;

  constructor(options: CrossentropyOptions = {}) {
    this.fromLogits = checkFromLogits(options, 'CategoricalCrossentropyLoss.constructor');
  }

  perSample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    // Probabilities on cpu and wasm: one fused kernel each way (see row-loss-kernel.ts).
    if (!this.fromLogits && takesRowLoss(yTrue, yPred)) return fusedCategoricalRows(yTrue, yPred);
    return tf.tidy(() => categoricalRows(yTrue, yPred, this.fromLogits));
  }

  async checkOutputs(yPred: tf.Tensor, where: string): Promise<void> {
    if (!this.fromLogits) await checkProbabilities(yPred, true, this.name, where);
  }

  toPrediction(yPred: tf.Tensor): tf.Tensor {
    return this.fromLogits ? tf.softmax(yPred) : tf.clone(yPred);
  }
}
