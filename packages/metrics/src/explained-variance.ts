import type { MetricInput } from './metric.js';
import { type RegressionResult, resolveMultioutput, type VarianceMultioutput } from './multioutput.js';
import {
  type RegressionFnOptions,
  RegressionMetric,
  type RegressionOptions,
  regressionState,
} from './regression-metric.js';
import type { RegressionState } from './regression-state.js';
import { varianceScore } from './variance-score.js';

export interface ExplainedVarianceOptions<M extends VarianceMultioutput = VarianceMultioutput>
  extends RegressionOptions<M> {
  /** Replace NaN / −Infinity from constant targets by 1 (perfect) or 0; default true. */
  forceFinite?: boolean;
}

/**
 * 1 − Var_w(y − ŷ) / Var_w(y) per output: unlike R², a constant bias in the predictions is not
 * penalized.
 */
function fromState(
  state: RegressionState,
  multioutput: VarianceMultioutput,
  forceFinite: boolean,
  where: string,
): number | number[] {
  state.checkWeights(where);
  const numerator = state.m2Err.map((m2, j) => m2 / (state.sumW[j] as number));
  const denominator = state.m2True.map((m2, j) => m2 / (state.sumW[j] as number));
  return varianceScore(numerator, denominator, multioutput, forceFinite, where);
}

/**
 * Explained variance, as scikit-learn's `explained_variance_score`. `yTrue`, `yPred`: `[n]` or
 * `[n, k]` arrays, typed arrays or tensors (read, never disposed). Resolves to a number, or one
 * number per output with `multioutput: 'raw_values'`.
 */
export async function explainedVariance<M extends VarianceMultioutput = 'uniform_average'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: RegressionFnOptions<M> & ExplainedVarianceOptions<M> = {},
): Promise<RegressionResult<M>> {
  const where = 'explainedVariance';
  const multioutput = resolveMultioutput(options.multioutput, true, where);
  const state = await regressionState(yTrue, yPred, options.sampleWeight, where);
  return fromState(state, multioutput, options.forceFinite ?? true, where) as RegressionResult<M>;
}

/** Stateful twin of {@link explainedVariance}: `update` per batch, `compute`, `merge` across shards. */
export class ExplainedVariance<
  M extends VarianceMultioutput = 'uniform_average',
> extends RegressionMetric<M> {
  readonly name = 'explainedVariance';
  readonly forceFinite: boolean;

  constructor(options: ExplainedVarianceOptions<M> = {}) {
    super('ExplainedVariance', options, true);
    this.forceFinite = options.forceFinite ?? true;
  }

  protected fromState(state: RegressionState, where: string): number | number[] {
    return fromState(state, this.multioutput, this.forceFinite, where);
  }
}
