import { ConfigError, Registry } from '@weft/core';
import { meanAbsoluteErrorLoss } from './mean-absolute-error.js';
import { meanSquaredErrorLoss } from './mean-squared-error.js';
import type { LossFn } from './types.js';

/** Losses by the names `fit({ loss })` accepts. */
export const lossRegistry = new Registry<LossFn>('loss')
  .register('mse', meanSquaredErrorLoss)
  .register('mae', meanAbsoluteErrorLoss);

export type LossName = 'mse' | 'mae';

/** A loss from its name, or the function itself. */
export function resolveLoss(loss: LossName | LossFn | undefined, where: string): LossFn {
  if (typeof loss === 'function') return loss;
  if (loss === undefined) {
    throw new ConfigError({
      where,
      problem: 'no loss was given',
      expected: `one of ${lossRegistry.list().join(', ')}, or a function (yTrue, yPred) => scalar`,
      fix: "Pass { loss: 'mse' } for regression",
    });
  }
  return lossRegistry.get(loss);
}
