import { ConfigError } from '@weft/core';

/** How per-output scores combine (scikit-learn's `multioutput`): raw per-output values, their mean, or a weighted mean. */
export type Multioutput = 'raw_values' | 'uniform_average' | readonly number[];
/** R² and explained variance may also weight outputs by the variance of their targets. */
export type VarianceMultioutput = Multioutput | 'variance_weighted';
/** `number[]` (one per output) for 'raw_values', one number otherwise. */
export type RegressionResult<M> = M extends 'raw_values' ? number[] : number;

/** The option, checked, with scikit-learn's default 'uniform_average'. */
export function resolveMultioutput<M extends VarianceMultioutput>(
  multioutput: M | undefined,
  allowVariance: boolean,
  where: string,
): M {
  const names = ['raw_values', 'uniform_average', ...(allowVariance ? ['variance_weighted'] : [])];
  if (multioutput === undefined) return 'uniform_average' as M;
  if (typeof multioutput === 'string' && names.includes(multioutput)) return multioutput;
  if (Array.isArray(multioutput) && multioutput.every((w) => typeof w === 'number' && Number.isFinite(w))) {
    return multioutput;
  }
  throw new ConfigError({
    where,
    problem: 'multioutput is not one of the accepted values',
    expected: `${names.map((n) => `'${n}'`).join(', ')} or an array of one weight per output`,
    received: { multioutput },
  });
}

/** scikit-learn's final step: `np.average(scores, weights=…)` or the raw scores. */
export function averageOutputs(
  scores: Float64Array,
  multioutput: VarianceMultioutput,
  where: string,
  varianceWeights?: Float64Array,
): number | number[] {
  if (multioutput === 'raw_values') return Array.from(scores);
  let weights: ArrayLike<number> | undefined;
  if (multioutput === 'variance_weighted') {
    // All targets constant: every weight is zero, so scikit-learn falls back to a plain mean.
    weights = varianceWeights?.some((v) => v !== 0) ? varianceWeights : undefined;
  } else if (multioutput !== 'uniform_average') {
    if (scores.length === 1 || multioutput.length !== scores.length) {
      throw new ConfigError({
        where,
        problem:
          scores.length === 1
            ? 'custom output weights need several outputs'
            : 'there are not as many output weights as outputs',
        expected: `${scores.length} weights (one per output column), for data with more than one output`,
        received: { multioutput },
        fix: "Use 'uniform_average' for a single output",
      });
    }
    weights = multioutput;
  }
  let total = 0;
  let norm = 0;
  for (let j = 0; j < scores.length; j++) {
    const w = weights ? (weights[j] as number) : 1;
    total += w * (scores[j] as number);
    norm += w;
  }
  if (norm === 0) {
    throw new ConfigError({
      where,
      problem: 'the output weights sum to zero',
      expected: 'weights with a non-zero sum',
      received: { multioutput },
    });
  }
  return total / norm;
}
