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

export interface R2ScoreOptions<M extends VarianceMultioutput = VarianceMultioutput>
  extends RegressionOptions<M> {
  /** Replace NaN / −Infinity from constant targets by 1 (perfect) or 0; default true. */
  forceFinite?: boolean;
}

/**
 * 1 − Σ w(y − ŷ)² / Σ w(y − ȳ)² per output. Fewer than two samples give NaN, as in
 * scikit-learn (R² is not defined there).
 */
function fromState(
  state: RegressionState,
  multioutput: VarianceMultioutput,
  forceFinite: boolean,
  where: string,
): number | number[] {
  if (state.count < 2)
    return multioutput === 'raw_values' ? Array.from(state.sumW, () => Number.NaN) : Number.NaN;
  state.checkWeights(where);
  return varianceScore(state.sumSqErr, state.m2True, multioutput, forceFinite, where);
}

/**
 * Coefficient of determination, as scikit-learn's `r2_score`. `yTrue`, `yPred`: `[n]` or
 * `[n, k]` arrays, typed arrays or tensors (read, never disposed). Resolves to a number, or one
 * number per output with `multioutput: 'raw_values'`.
 */
export async function r2Score<M extends VarianceMultioutput = 'uniform_average'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: RegressionFnOptions<M> & R2ScoreOptions<M> = {},
): Promise<RegressionResult<M>> {
  const where = 'r2Score';
  const multioutput = resolveMultioutput(options.multioutput, true, where);
  const state = await regressionState(yTrue, yPred, options.sampleWeight, where);
  return fromState(state, multioutput, options.forceFinite ?? true, where) as RegressionResult<M>;
}

/** Stateful twin of {@link r2Score}: `update` per batch, `compute`, `merge` across shards. */
export class R2Score<M extends VarianceMultioutput = 'uniform_average'> extends RegressionMetric<M> {
  readonly name = 'r2Score';
  readonly forceFinite: boolean;

  constructor(options: R2ScoreOptions<M> = {}) {
    super('R2Score', options, true);
    this.forceFinite = options.forceFinite ?? true;
  }

  protected fromState(state: RegressionState, where: string): number | number[] {
    return fromState(state, this.multioutput, this.forceFinite, where);
  }
}
