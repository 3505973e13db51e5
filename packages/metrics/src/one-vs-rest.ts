import { ConfigError, ValueError } from '@weft/core';
import { binaryCurve } from './curves.js';
import type { ScoreState } from './score-state.js';

export type RankAverage = 'macro' | 'weighted' | 'micro' | 'none';
export type RankResult<A> = A extends 'none' ? number[] : number;
type CurveMetric = (curve: { tps: number[]; fps: number[] }) => number;

/** The distinct true labels, ascending. */
export function presentLabels(state: ScoreState): number[] {
  return [...new Set(state.labels)].sort((a, b) => a - b);
}

/**
 * The class of each score column: `labels` if given (unique, ascending, one per column, as
 * scikit-learn requires), else the distinct true labels, which must then number one per column.
 */
export function columnClasses(
  state: ScoreState,
  labels: readonly number[] | undefined,
  where: string,
): number[] {
  const present = presentLabels(state);
  const classes = labels ? [...labels] : present;
  if (labels?.some((l, i) => i > 0 && l <= (labels[i - 1] as number))) {
    throw new ConfigError({ where, problem: 'labels must be unique and ascending', received: { labels } });
  }
  if (classes.length !== state.columns) {
    throw new ValueError({
      where,
      problem: labels
        ? 'the number of labels differs from the number of score columns'
        : 'the number of classes in yTrue differs from the number of score columns',
      expected: `${state.columns} classes, one per column of yScore`,
      received: { classes },
      fix: 'Pass every class, in column order, as { labels }',
    });
  }
  const missing = present.find((l) => !classes.includes(l));
  if (missing !== undefined) {
    throw new ValueError({
      where,
      problem: `yTrue holds label ${missing}, which is not in labels`,
      received: { labels },
    });
  }
  return classes;
}

/** Every row index 0 … n−1. */
export function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/**
 * One-vs-rest: the binary metric of each column against "is this class", averaged like
 * scikit-learn's `_average_binary_score` ('micro' pools every (row, column) pair).
 */
export function oneVsRest(
  state: ScoreState,
  classes: number[],
  metric: CurveMetric,
  average: RankAverage,
): number | number[] {
  const { labels, scores, weights, columns: k, rows: n } = state;
  if (average === 'micro') {
    const pooledWeights = new Float64Array(n * k);
    for (let j = 0; j < n * k; j++) pooledWeights[j] = weights[Math.floor(j / k)] as number;
    const curve = binaryCurve(
      allRows(n * k),
      (j) => labels[Math.floor(j / k)] === classes[j % k],
      (j) => scores[j] as number,
      pooledWeights,
    );
    return metric(curve);
  }
  const perClass = classes.map((c, col) =>
    metric(
      binaryCurve(
        allRows(n),
        (i) => labels[i] === c,
        (i) => scores[i * k + col] as number,
        weights,
      ),
    ),
  );
  if (average === 'none') return perClass;
  if (average === 'macro') return perClass.reduce((a, b) => a + b, 0) / k;
  const classWeight = classes.map((c) =>
    labels.reduce((s, l, i) => (l === c ? s + (weights[i] as number) : s), 0),
  );
  const totalWeight = classWeight.reduce((a, b) => a + b, 0);
  if (Math.abs(totalWeight) <= 1e-8) return 0;
  return (
    perClass.reduce((s, v, c) => s + (classWeight[c] === 0 ? 0 : v * (classWeight[c] as number)), 0) /
    totalWeight
  );
}
