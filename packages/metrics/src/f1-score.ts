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
 * F1 score 2·P·R / (P + R), as scikit-learn's `f1_score`. Inputs and options as
 * {@link precision}.
 */
export async function f1Score<A extends Average = 'binary'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: SetWiseOptions<A> & { sampleWeight?: WeightInput } = {},
): Promise<AverageResult<A>> {
  const where = 'f1Score';
  const o = resolveSetWise(options, where);
  const state = await confusionOf(yTrue, yPred, options.sampleWeight, o.threshold, where);
  return prfScores(prfCounts(state, o, where), o, 1).fScore as AverageResult<A>;
}

/** Stateful twin of {@link f1Score}: exact counts per batch, `merge` adds them. */
export class F1Score<A extends Average = 'binary'> extends SetWiseMetric<A> {
  readonly name = 'f1Score';

  constructor(options: SetWiseOptions<A> = {}) {
    super('F1Score', options);
  }

  protected pick(scores: { fScore: number | number[] }): number | number[] {
    return scores.fScore;
  }
}
