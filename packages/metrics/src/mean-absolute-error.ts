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

/** Σ w·|y − ŷ| / Σ w per output, then averaged as `multioutput` says. */
function fromState(state: RegressionState, multioutput: Multioutput, where: string): number | number[] {
  state.checkWeights(where);
  const scores = state.sumAbsErr.map((s, j) => s / (state.sumW[j] as number));
  return averageOutputs(scores, multioutput, where);
}

/**
 * Mean absolute error, as scikit-learn's `mean_absolute_error`. `yTrue`, `yPred`: `[n]` or
 * `[n, k]` arrays, typed arrays or tensors (read, never disposed). Resolves to a number, or one
 * number per output with `multioutput: 'raw_values'`.
 */
export async function meanAbsoluteError<M extends Multioutput = 'uniform_average'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: RegressionFnOptions<M> = {},
): Promise<RegressionResult<M>> {
  const where = 'meanAbsoluteError';
  const multioutput = resolveMultioutput(options.multioutput, false, where);
  const state = await regressionState(yTrue, yPred, options.sampleWeight, where);
  return fromState(state, multioutput, where) as RegressionResult<M>;
}

/** Stateful twin of {@link meanAbsoluteError}: `update` per batch, `compute`, `merge` across shards. */
export class MeanAbsoluteError<M extends Multioutput = 'uniform_average'> extends RegressionMetric<M> {
  readonly name = 'meanAbsoluteError';

  constructor(options: RegressionOptions<M> = {}) {
    super('MeanAbsoluteError', options, false);
  }

  protected fromState(state: RegressionState, where: string): number | number[] {
    return fromState(state, this.multioutput, where);
  }
}
