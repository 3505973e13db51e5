import { confusionOf } from './confusion-metric.js';
import type { MetricInput, WeightInput } from './metric.js';
import {
  type Average,
  type AverageResult,
  prfCounts,
  prfScores,
  resolveSetWise,
  type SetWiseOptions,
} from './set-wise.js';
import { SetWiseMetric } from './set-wise-metric.js';

/**
 * Precision tp / (tp + fp), as scikit-learn's `precision_score`. `yTrue`: labels (or one-hot
 * rows); `yPred`: labels, `[n, C]` scores, or 1-D probabilities (see `threshold`). Arrays,
 * typed arrays or tensors, never disposed. Average 'binary' (default) scores `posLabel` (1).
 */
export async function precision<A extends Average = 'binary'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: SetWiseOptions<A> & { sampleWeight?: WeightInput } = {},
): Promise<AverageResult<A>> {
  const where = 'precision';
  const o = resolveSetWise(options, where);
  const state = await confusionOf(yTrue, yPred, options.sampleWeight, o.threshold, where);
  return prfScores(prfCounts(state, o, where), o, 1).precision as AverageResult<A>;
}

/** Stateful twin of {@link precision}: exact counts per batch, `merge` adds them. */
export class Precision<A extends Average = 'binary'> extends SetWiseMetric<A> {
  readonly name = 'precision';

  constructor(options: SetWiseOptions<A> = {}) {
    super('Precision', options);
  }

  protected pick(scores: { precision: number | number[] }): number | number[] {
    return scores.precision;
  }
}
