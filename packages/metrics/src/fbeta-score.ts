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
import { checkBeta, SetWiseMetric } from './set-wise-metric.js';

export interface FBetaOptions<A extends Average = Average> extends SetWiseOptions<A> {
  /** Weight of recall: (1 + β²)·P·R / (β²·P + R). β = 0 is precision, β = ∞ is recall. */
  beta: number;
}

/**
 * F-beta score, as scikit-learn's `fbeta_score` (`beta` is required). Inputs and options as
 * {@link precision}; per-label F uses precision and recall after `zeroDivision` is applied.
 */
export async function fbetaScore<A extends Average = 'binary'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: FBetaOptions<A> & { sampleWeight?: WeightInput },
): Promise<AverageResult<A>> {
  const where = 'fbetaScore';
  const beta = checkBeta(options?.beta, where);
  const o = resolveSetWise(options, where);
  const state = await confusionOf(yTrue, yPred, options.sampleWeight, o.threshold, where);
  return prfScores(prfCounts(state, o, where), o, beta).fScore as AverageResult<A>;
}

/** Stateful twin of {@link fbetaScore}: exact counts per batch, `merge` adds them. */
export class FBetaScore<A extends Average = 'binary'> extends SetWiseMetric<A> {
  readonly name = 'fbetaScore';

  constructor(options: FBetaOptions<A>) {
    super('FBetaScore', options, checkBeta(options?.beta, 'FBetaScore.constructor'));
  }

  protected pick(scores: { fScore: number | number[] }): number | number[] {
    return scores.fScore;
  }
}
