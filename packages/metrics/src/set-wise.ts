import { ConfigError, ValueError } from '@weft/core';
import type { ConfusionState } from './confusion-state.js';
import { checkThreshold, type ThresholdOption } from './label-input.js';

/** scikit-learn's `average`, with 'none' for its `None` (per-label results). */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'none';
/** One number per label (in `labels` order) for 'none', one number otherwise. */
export type AverageResult<A> = A extends 'none' ? number[] : number;

export interface SetWiseOptions<A extends Average = Average> extends ThresholdOption {
  /** Default 'binary'; multiclass data then throws a ConfigError that lists the other choices. */
  average?: A;
  /** Labels to report and average over, in this order (default: every label seen, ascending). */
  labels?: readonly number[];
  /** The positive class for average 'binary'; default 1. */
  posLabel?: number;
  /** Value of a ratio whose denominator is 0; default 0. */
  zeroDivision?: 0 | 1;
}

const AVERAGES: readonly Average[] = ['binary', 'micro', 'macro', 'weighted', 'none'];

export interface ResolvedSetWise {
  average: Average;
  labels: readonly number[] | undefined;
  posLabel: number;
  zeroDivision: 0 | 1;
  threshold: number | undefined;
}

/** Checks options once, at construction or call time, so that bad options never reach the state. */
export function resolveSetWise(options: SetWiseOptions, where: string): ResolvedSetWise {
  const { average = 'binary', labels, posLabel = 1, zeroDivision = 0, threshold } = options;
  const bad = (option: string, value: unknown, expected: string): never => {
    throw new ConfigError({
      where,
      problem: `${option} is not valid`,
      expected,
      received: { [option]: value },
    });
  };
  if (!AVERAGES.includes(average)) bad('average', average, AVERAGES.map((a) => `'${a}'`).join(', '));
  if (
    labels !== undefined &&
    (!Array.isArray(labels) || labels.length === 0 || !labels.every(Number.isFinite))
  ) {
    bad('labels', labels, 'a non-empty array of numeric labels');
  }
  if (!Number.isFinite(posLabel)) bad('posLabel', posLabel, 'a numeric label such as 1');
  if (zeroDivision !== 0 && zeroDivision !== 1) bad('zeroDivision', zeroDivision, '0 or 1');
  checkThreshold(threshold, where);
  return { average, labels, posLabel, zeroDivision, threshold };
}

/**
 * The labels a set-wise metric scores (scikit-learn's `_check_set_wise_labels`): for 'binary',
 * only `posLabel`, and only when the data has at most two labels.
 */
function chooseLabels(state: ConfusionState, o: ResolvedSetWise, where: string): readonly number[] {
  const present = state.sortedLabels();
  if (o.average !== 'binary') return o.labels ?? present;
  if (present.length > 2) {
    throw new ConfigError({
      where,
      problem: "the data is multiclass but average is 'binary' (the default)",
      expected: "average 'macro', 'micro', 'weighted' or 'none' for more than two labels",
      received: { labels: present },
      fix: "Pass { average: 'macro' } (or 'micro', 'weighted', 'none'); 'binary' scores only posLabel",
    });
  }
  if (!present.includes(o.posLabel) && present.length === 2) {
    throw new ValueError({
      where,
      problem: `posLabel=${o.posLabel} is not one of the labels in the data`,
      expected: `posLabel to be one of ${present.join(', ')}`,
      received: { posLabel: o.posLabel },
      fix: 'Pass the positive class as posLabel',
    });
  }
  return [o.posLabel];
}

export interface PrfCounts {
  labels: readonly number[];
  tp: Float64Array;
  predSum: Float64Array;
  trueSum: Float64Array;
}

/** Per-label true positives, predicted counts and true counts (scikit-learn's multilabel confusion matrix). */
export function prfCounts(state: ConfusionState, o: ResolvedSetWise, where: string): PrfCounts {
  const labels = chooseLabels(state, o, where);
  const tp = new Float64Array(labels.length);
  const predSum = new Float64Array(labels.length);
  const trueSum = new Float64Array(labels.length);
  labels.forEach((l, i) => {
    const sums = state.sums(l);
    tp[i] = state.get(l, l);
    predSum[i] = sums.predSum;
    trueSum[i] = sums.trueSum;
  });
  return { labels, tp, predSum, trueSum };
}

export interface PrfScores {
  precision: number | number[];
  recall: number | number[];
  fScore: number | number[];
  /** Per-label true counts for 'none'; undefined when averaged (as scikit-learn). */
  support: number[] | undefined;
}

const total = (a: Float64Array): Float64Array => Float64Array.of(a.reduce((s, v) => s + v, 0));

/** scikit-learn's `precision_recall_fscore_support` on counts, `beta` weighting recall. */
export function prfScores(counts: PrfCounts, o: ResolvedSetWise, beta: number): PrfScores {
  let { tp, predSum, trueSum } = counts;
  if (o.average === 'micro') [tp, predSum, trueSum] = [total(tp), total(predSum), total(trueSum)];
  const zd = o.zeroDivision;
  const divide = (num: Float64Array, den: Float64Array) =>
    num.map((v, i) => (den[i] === 0 ? zd : v / (den[i] as number)));
  const precision = divide(tp, predSum);
  const recall = divide(tp, trueSum);
  const b2 = beta * beta;
  const fScore =
    beta === Number.POSITIVE_INFINITY
      ? recall.slice()
      : precision.map((p, i) => {
          const r = recall[i] as number;
          const den = b2 * p + r;
          return den === 0 ? 0 : ((1 + b2) * p * r) / den;
        });
  if (o.average === 'none') {
    return {
      precision: Array.from(precision),
      recall: Array.from(recall),
      fScore: Array.from(fScore),
      support: Array.from(trueSum),
    };
  }
  let weights: Float64Array | undefined;
  if (o.average === 'weighted') {
    weights = trueSum;
    if (trueSum.every((v) => v === 0)) {
      // No true samples of any scored label: scikit-learn returns zeroDivision (or 0) directly.
      const noPredictions = predSum.every((v) => v === 0);
      return {
        precision: noPredictions ? zd : 0,
        recall: zd,
        fScore: noPredictions ? zd : 0,
        support: undefined,
      };
    }
  }
  const mean = (values: Float64Array): number => {
    let sum = 0;
    let norm = 0;
    values.forEach((v, i) => {
      const w = weights ? (weights[i] as number) : 1;
      sum += w * v;
      norm += w;
    });
    return sum / norm;
  };
  return { precision: mean(precision), recall: mean(recall), fScore: mean(fScore), support: undefined };
}
