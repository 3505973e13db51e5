import type { MetricInput } from './metric.js';
import {
  averageOutputs,
  type Multioutput,
  type RegressionResult,
  resolveMultioutput,
} from './multioutput.js';
import {
  type RegressionFnOptions,
  RegressionMetric,
  type RegressionOptions,
  regressionState,
} from './regression-metric.js';
import type { RegressionState } from './regression-state.js';

/**
 * √(Σ w·(y − ŷ)² / Σ w) per output, then averaged: scikit-learn 1.2's
 * `mean_squared_error(squared=False)`, so with several outputs it is the mean of per-output
 * RMSEs, not the root of the mean MSE.
 */
function fromState(state: RegressionState, multioutput: Multioutput, where: string): number | number[] {
  state.checkWeights(where);
  const scores = state.sumSqErr.map((s, j) => Math.sqrt(s / (state.sumW[j] as number)));
  return averageOutputs(scores, multioutput, where);
}

/**
 * Root mean squared error, as scikit-learn's `mean_squared_error(…, squared=False)`. `yTrue`, `yPred`: `[n]` or
 * `[n, k]` arrays, typed arrays or tensors (read, never disposed). Resolves to a number, or one
 * number per output with `multioutput: 'raw_values'`.
 */
export async function rootMeanSquaredError<M extends Multioutput = 'uniform_average'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: RegressionFnOptions<M> = {},
): Promise<RegressionResult<M>> {
  const where = 'rootMeanSquaredError';
  const multioutput = resolveMultioutput(options.multioutput, false, where);
  const state = await regressionState(yTrue, yPred, options.sampleWeight, where);
  return fromState(state, multioutput, where) as RegressionResult<M>;
}

/** Stateful twin of {@link rootMeanSquaredError}: `update` per batch, `compute`, `merge` across shards. */
export class RootMeanSquaredError<M extends Multioutput = 'uniform_average'> extends RegressionMetric<M> {
  readonly name = 'rootMeanSquaredError';

  constructor(options: RegressionOptions<M> = {}) {
    super('RootMeanSquaredError', options, false);
  }

  protected fromState(state: RegressionState, where: string): number | number[] {
    return fromState(state, this.multioutput, where);
  }
}
