import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';

export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop';

/** Default learning rates: Keras' defaults, so `optimizer: 'adam'` alone behaves as users expect. */
const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = {
  sgd: 0.01,
  momentum: 0.01,
  adam: 0.001,
  rmsprop: 0.001,
};

const NAMES = Object.keys(DEFAULT_LEARNING_RATE) as OptimizerName[];

/**
 * A tfjs optimizer from a name and learning rate, or the optimizer itself. Adam uses
 * β1 0.9, β2 0.999, ε 1e-7 (Keras' values); momentum is SGD with momentum 0.9.
 */
export function resolveOptimizer(spec: OptimizerName | tf.Optimizer, learningRate?: number): tf.Optimizer {
  if (isOptimizer(spec)) return spec;
  if (learningRate !== undefined && !(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new ConfigError({
      where: 'fit',
      problem: 'the learning rate must be a positive finite number',
      received: { learningRate },
    });
  }
  const lr = learningRate ?? DEFAULT_LEARNING_RATE[spec] ?? 0.01;
  switch (spec) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
    case 'adam':
      return tf.train.adam(lr, 0.9, 0.999, 1e-7);
    case 'rmsprop':
      return tf.train.rmsprop(lr, 0.9, 0, 1e-7);
    default:
      throw new ConfigError({
        where: 'fit',
        problem: 'unknown optimizer',
        expected: `one of ${NAMES.join(', ')}, or a tf.Optimizer`,
        received: { optimizer: spec },
      });
  }
}

/**
 * True for a tfjs optimizer. (`instanceof tf.Optimizer` throws on `undefined`: tfjs'
 * `Symbol.hasInstance` reads `.minimize` from whatever it is given.)
 */
export function isOptimizer(value: unknown): value is tf.Optimizer {
  return typeof value === 'object' && value !== null && typeof (value as tf.Optimizer).minimize === 'function';
}
