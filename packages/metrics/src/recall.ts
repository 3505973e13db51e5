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
 * Recall tp / (tp + fn), as scikit-learn's `recall_score`. `yTrue`: labels (or one-hot
 * rows); `yPred`: labels, `[n, C]` scores, or 1-D probabilities (see `threshold`). Arrays,
 * typed arrays or tensors, never disposed. Average 'binary' (default) scores `posLabel` (1).
 */
export async function recall<A extends Average = 'binary'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: SetWiseOptions<A> & { sampleWeight?: WeightInput } = {},
): Promise<AverageResult<A>> {
  const where = 'recall';
  const o = resolveSetWise(options, where);
  const state = await confusionOf(yTrue, yPred, options.sampleWeight, o.threshold, where);
  return prfScores(prfCounts(state, o, where), o, 1).recall as AverageResult<A>;
}

/** Stateful twin of {@link recall}: exact counts per batch, `merge` adds them. */
export class Recall<A extends Average = 'binary'> extends SetWiseMetric<A> {
  readonly name = 'recall';

  constructor(options: SetWiseOptions<A> = {}) {
    super('Recall', options);
  }

  protected pick(scores: { recall: number | number[] }): number | number[] {
    return scores.recall;
  }
}
