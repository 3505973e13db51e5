import type * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import { Adam, AdamW } from './adamw.js';
import { Momentum } from './momentum.js';
import { RMSProp } from './rmsprop.js';
import { SGD } from './sgd.js';

export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'adamw' | 'rmsprop';

/** Default learning rates: Keras' defaults, so `optimizer: 'adam'` alone behaves as users expect. */
const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = {
  sgd: 0.01,
  momentum: 0.01,
  adam: 0.001,
  adamw: 0.001,
  rmsprop: 0.001,
};

const NAMES = Object.keys(DEFAULT_LEARNING_RATE) as OptimizerName[];

/**
 * An optimizer from a name and learning rate, or the optimizer itself. Named optimizers are
 * Weft's own ({@link SGD}, {@link Momentum} with μ 0.9, {@link Adam} with β 0.9/0.999 and ε 1e-7,
 * {@link AdamW} with weight decay 0.01, {@link RMSProp} with ρ 0.9): same update rules as tfjs
 * and PyTorch, with state kept per variable so checkpoints and freezing are exact.
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
      return new SGD({ learningRate: lr });
    case 'momentum':
      return new Momentum({ learningRate: lr, momentum: 0.9 });
    case 'adam':
      return new Adam({ learningRate: lr });
    case 'adamw':
      return new AdamW({ learningRate: lr });
    case 'rmsprop':
      return new RMSProp({ learningRate: lr });
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
  return (
    typeof value === 'object' && value !== null && typeof (value as tf.Optimizer).minimize === 'function'
  );
}

type WithRate = { learningRate?: unknown; setLearningRate?: (lr: number) => void };

/** The current learning rate of a Weft or tfjs optimizer (tfjs keeps it in a protected field). */
export function getLearningRate(optimizer: tf.Optimizer): number {
  const value = (optimizer as unknown as WithRate).learningRate;
  if (typeof value !== 'number') {
    throw new ConfigError({
      where: 'getLearningRate',
      problem: 'this optimizer has no numeric learning rate',
      received: { optimizer: optimizer.getClassName?.() },
      fix: 'Use a Weft optimizer or one of tf.train.*',
    });
  }
  return value;
}

/**
 * Sets the learning rate of a Weft or tfjs optimizer for the next steps. tfjs' SGD and Momentum
 * cache it in a tensor (`setLearningRate` swaps it); its other optimizers read the field per step.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new ConfigError({
      where: 'setLearningRate',
      problem: 'the learning rate must be a positive finite number',
      received: { learningRate },
    });
  }
  const target = optimizer as unknown as WithRate;
  getLearningRate(optimizer);
  if (typeof target.setLearningRate === 'function') target.setLearningRate(learningRate);
  else target.learningRate = learningRate;
}
