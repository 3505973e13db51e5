import { averageOutputs, type VarianceMultioutput } from './multioutput.js';

/**
 * `1 − numerator / denominator` per output, then averaged (scikit-learn's
 * `_assemble_r2_explained_variance`). With `forceFinite` (the default) a constant target gives
 * 1 for perfect predictions and 0 otherwise instead of NaN or −Infinity.
 */
export function varianceScore(
  numerator: Float64Array,
  denominator: Float64Array,
  multioutput: VarianceMultioutput,
  forceFinite: boolean,
  where: string,
): number | number[] {
  const scores = numerator.map((num, j) => {
    const den = denominator[j] as number;
    if (!forceFinite) return 1 - num / den;
    if (num === 0) return 1;
    return den === 0 ? 0 : 1 - num / den;
  });
  return averageOutputs(scores, multioutput, where, denominator);
}
