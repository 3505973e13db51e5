import { ConfigError, Registry } from '@weft/core';
import { BinaryCrossentropyLoss } from './binary-crossentropy.js';
import { CategoricalCrossentropyLoss } from './categorical-crossentropy.js';
import { HuberLoss } from './huber.js';
import { MeanAbsoluteErrorLoss } from './mean-absolute-error.js';
import { MeanSquaredErrorLoss } from './mean-squared-error.js';
import { SparseCategoricalCrossentropyLoss } from './sparse-categorical-crossentropy.js';
import type { Loss, LossFn } from './types.js';

/** Makes a loss from its options (`{ delta }`, `{ fromLogits }`). */
// biome-ignore lint/suspicious/noExplicitAny: each factory forwards its own option type.
export type LossFactory = (options?: any) => Loss;

/** Losses by the names `fit({ loss })` accepts. Adding a loss = one file and one row here. */
export const lossRegistry = new Registry<LossFactory>('loss')
  .register('mse', () => new MeanSquaredErrorLoss())
  .register('mae', () => new MeanAbsoluteErrorLoss())
  .register('huber', (o) => new HuberLoss(o))
  .register('binaryCrossentropy', (o) => new BinaryCrossentropyLoss(o))
  .register('categoricalCrossentropy', (o) => new CategoricalCrossentropyLoss(o))
  .register('sparseCategoricalCrossentropy', (o) => new SparseCategoricalCrossentropyLoss(o));

export type LossName =
  | 'mse'
  | 'mae'
  | 'huber'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy';

/** What `fit`, `evaluate` and `crossValidate` accept as `loss`. */
export type LossSpec = LossName | Loss | LossFn;

/**
 * A {@link Loss} from a name (with the registry's defaults), a `Loss` object, or a function
 * `(yTrue, yPred) => scalar or [batch]`, which is wrapped without target checks.
 */
export function resolveLoss(loss: LossSpec | undefined, where: string): Loss {
  if (typeof loss === 'function') {
    const fn = loss;
    return { name: fn.name || 'loss', perSample: (yTrue, yPred) => fn(yTrue, yPred) };
  }
  if (typeof loss === 'object' && loss !== null && typeof loss.perSample === 'function') return loss;
  if (typeof loss !== 'string') {
    throw new ConfigError({
      where,
      problem: loss === undefined ? 'no loss was given' : 'the loss is not a name, a Loss or a function',
      expected: `one of ${lossRegistry.list().join(', ')}, a Loss object, or a function (yTrue, yPred) => scalar`,
      received: loss === undefined ? undefined : { loss },
      fix: "Pass { loss: 'mse' } for regression, 'sparseCategoricalCrossentropy' for class labels",
    });
  }
  return lossRegistry.get(loss)();
}
