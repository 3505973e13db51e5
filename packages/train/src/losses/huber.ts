import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import { meanOverRows } from './reduce.js';
import type { Loss } from './types.js';

export interface HuberOptions {
  /** Where the loss turns from quadratic to linear (default 1, as Keras and PyTorch). */
  delta?: number;
}

function checkDelta(delta: unknown, where: string): number {
  const value = delta ?? 1;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ConfigError({ where, problem: 'delta must be a positive finite number', received: { delta } });
  }
  return value;
}

/** ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond, elementwise on d = yTrue − yPred. */
function elementwise(yTrue: tf.Tensor, yPred: tf.Tensor, delta: number): tf.Tensor {
  const d = tf.abs(tf.sub(yTrue, yPred));
  const quadratic = tf.minimum(d, delta);
  return tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, tf.sub(d, quadratic)));
}

/** The Huber loss averaged over every element (PyTorch's `HuberLoss`, Keras' `Huber`). */
export function huberLoss(yTrue: tf.Tensor, yPred: tf.Tensor, options: HuberOptions = {}): tf.Scalar {
  const delta = checkDelta(options.delta, 'huberLoss');
  return tf.tidy(() => tf.mean(elementwise(yTrue, yPred, delta)));
}

/** Huber loss per row (`'huber'`): robust regression, quadratic near zero and linear for outliers. */
export class HuberLoss implements Loss {
  readonly name = 'huber';
  readonly delta: number;

  constructor(options: HuberOptions = {}) {
    this.delta = checkDelta(options.delta, 'HuberLoss.constructor');
  }

  perSample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.tidy(() => meanOverRows(elementwise(yTrue, yPred, this.delta)));
  }
}
