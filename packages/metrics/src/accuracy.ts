import { ConfigError, ValueError } from '@weft/core';
import { ConfusionMetric, confusionOf } from './confusion-metric.js';
import type { ConfusionState } from './confusion-state.js';
import { checkThreshold, type ThresholdOption } from './label-input.js';
import type { MetricInput, WeightInput } from './metric.js';

export interface AccuracyOptions extends ThresholdOption {
  /** Fraction correct (default true) or the (weighted) number correct. */
  normalize?: boolean;
}

/** Correct / total, from the diagonal of the confusion counts. */
function fromState(state: ConfusionState, normalize: boolean, where: string): number {
  let correct = 0;
  for (const label of state.labels) correct += state.get(label, label);
  if (!normalize) return correct;
  const total = state.total();
  if (total === 0) {
    throw new ValueError({
      where,
      problem: 'the sample weights sum to zero',
      expected: 'at least one positive weight',
      received: { sumOfWeights: 0 },
    });
  }
  return correct / total;
}

function checkNormalize(normalize: unknown, where: string): boolean {
  if (normalize === undefined) return true;
  if (typeof normalize !== 'boolean') {
    throw new ConfigError({
      where,
      problem: 'normalize is not a boolean',
      expected: 'true or false',
      received: { normalize },
    });
  }
  return normalize;
}

/**
 * Accuracy, as scikit-learn's `accuracy_score`: the fraction of samples whose predicted label
 * equals the true one. `yPred` may be labels, `[n, C]` scores (argmax) or 1-D probabilities
 * (see `threshold`); arrays, typed arrays or tensors, never disposed.
 */
export async function accuracy(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: AccuracyOptions & { sampleWeight?: WeightInput } = {},
): Promise<number> {
  const where = 'accuracy';
  const normalize = checkNormalize(options.normalize, where);
  checkThreshold(options.threshold, where);
  const state = await confusionOf(yTrue, yPred, options.sampleWeight, options.threshold, where);
  return fromState(state, normalize, where);
}

/** Stateful twin of {@link accuracy}: exact counts per batch, `merge` adds them. */
export class Accuracy extends ConfusionMetric<number> {
  readonly name = 'accuracy';
  private readonly normalize: boolean;

  constructor(options: AccuracyOptions = {}) {
    checkThreshold(options.threshold, 'Accuracy.constructor');
    super('Accuracy', options.threshold);
    this.normalize = checkNormalize(options.normalize, 'Accuracy.constructor');
  }

  protected fromState(state: ConfusionState, where: string): number {
    return fromState(state, this.normalize, where);
  }
}
