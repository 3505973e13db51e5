import { loadFixture } from './fixtures.js';

/** scikit-learn's log loss and top-k accuracy on the same probabilities (`scripts/make-fixtures.py`). */
export interface ProbabilityCase {
  name: string;
  yTrue: number[];
  yProb: number[] | number[][];
  sampleWeight?: number[];
  labels?: number[];
  logLoss: Record<'mean' | 'sum', number | { error: string }>;
  topK: Record<string, number | { error: string }>;
}

export const probabilityCases = loadFixture<ProbabilityCase[]>('probabilities.json');

/** Rows [start, end) of a case, for feeding a stateful metric in batches. */
export function batchesOf(
  c: ProbabilityCase,
  parts: number,
): { t: number[]; p: number[] | number[][]; w?: number[] }[] {
  const n = c.yTrue.length;
  return Array.from({ length: parts }, (_, b) => {
    const [s, e] = [Math.floor((b * n) / parts), Math.floor(((b + 1) * n) / parts)];
    return { t: c.yTrue.slice(s, e), p: c.yProb.slice(s, e) as number[], w: c.sampleWeight?.slice(s, e) };
  });
}
