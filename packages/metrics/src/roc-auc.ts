import { ConfigError, ValueError } from '@weft/core';
import { binaryCurve, rocAreaOf } from './curves.js';
import type { MetricInput, WeightInput } from './metric.js';
import {
  allRows,
  columnClasses,
  oneVsRest,
  presentLabels,
  type RankAverage,
  type RankResult,
} from './one-vs-rest.js';
import { ScoreMetric, scoreStateOf } from './score-metric.js';
import type { ScoreState } from './score-state.js';

export interface RocAucOptions<A extends RankAverage = RankAverage> {
  /** Multiclass averaging: 'macro' (default), 'weighted', 'micro' (ovr only) or 'none' (ovr only). */
  average?: A;
  /** Required for multiclass `[n, C]` scores: one-vs-rest or one-vs-one (scikit-learn's `multi_class`). */
  multiClass?: 'ovr' | 'ovo';
  /** Class of each score column, ascending (default: the distinct true labels). */
  labels?: readonly number[];
}

const AVERAGES: readonly RankAverage[] = ['macro', 'weighted', 'micro', 'none'];

function resolve<A extends RankAverage>(
  options: RocAucOptions<A>,
  where: string,
): Required<Omit<RocAucOptions<A>, 'labels' | 'multiClass'>> & RocAucOptions<A> {
  const average = options.average ?? ('macro' as A);
  if (!AVERAGES.includes(average)) {
    throw new ConfigError({
      where,
      problem: 'average is not valid',
      expected: AVERAGES.join(', '),
      received: { average },
    });
  }
  if (options.multiClass !== undefined && options.multiClass !== 'ovr' && options.multiClass !== 'ovo') {
    throw new ConfigError({
      where,
      problem: 'multiClass is not valid',
      expected: "'ovr' or 'ovo'",
      received: { multiClass: options.multiClass },
    });
  }
  return { ...options, average };
}

function binary(state: ScoreState, where: string): number {
  const present = presentLabels(state);
  if (present.length !== 2) {
    throw new ValueError({
      where,
      problem:
        present.length < 2
          ? 'only one class is present in yTrue: ROC AUC is not defined'
          : 'yTrue has more than two classes but yScore has one column',
      expected: 'two classes with 1-D scores of the greater label, or [n, C] scores with multiClass',
      received: { labels: present.slice(0, 10) },
    });
  }
  const positive = present[1];
  const { labels, scores, weights, rows } = state;
  return rocAreaOf(
    binaryCurve(
      allRows(rows),
      (i) => labels[i] === positive,
      (i) => scores[i] as number,
      weights,
    ),
  );
}

function checkProbabilities(state: ScoreState, where: string): void {
  const { scores, columns: k, rows } = state;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += scores[i * k + j] as number;
    // np.allclose(1, sum): |1 − sum| ≤ 1e-8 + 1e-5·|sum|
    if (Math.abs(1 - sum) > 1e-8 + 1e-5 * Math.abs(sum)) {
      throw new ValueError({
        where,
        problem: `the scores of row ${i} do not sum to 1`,
        expected: 'class probabilities for multiclass ROC AUC (rows summing to 1)',
        received: { rowSum: sum },
        fix: 'Apply softmax to logits first',
      });
    }
  }
}

function oneVsOne(state: ScoreState, classes: number[], weighted: boolean): number {
  const { labels, scores, weights, columns: k, rows: n } = state;
  let total = 0;
  let norm = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const rows = allRows(n).filter((i) => labels[i] === classes[a] || labels[i] === classes[b]);
      const auc = (col: number) =>
        rocAreaOf(
          binaryCurve(
            rows,
            (i) => labels[i] === classes[col],
            (i) => scores[i * k + col] as number,
            weights,
          ),
        );
      const w = weighted ? rows.length / n : 1;
      total += (w * (auc(a) + auc(b))) / 2;
      norm += w;
    }
  }
  return total / norm;
}

function fromState(state: ScoreState, o: RocAucOptions, where: string): number | number[] {
  if (state.columns === 1) return binary(state, where);
  if (!o.multiClass) {
    throw new ConfigError({
      where,
      problem: 'yScore has several columns but multiClass is not set',
      expected: "multiClass 'ovr' (one-vs-rest) or 'ovo' (one-vs-one) for multiclass ROC AUC",
      received: { columns: state.columns },
      fix: "Pass { multiClass: 'ovr' } (or 'ovo'); for two classes you may also pass the positive column alone",
    });
  }
  const classes = columnClasses(state, o.labels, where);
  checkProbabilities(state, where);
  for (const c of classes) {
    const count = state.labels.filter((l) => l === c).length;
    if (count === 0 || count === state.rows) {
      throw new ValueError({
        where,
        problem: `class ${c} is ${count === 0 ? 'absent from' : 'all of'} yTrue: its ROC AUC is not defined`,
        received: { class: c },
      });
    }
  }
  if (o.multiClass === 'ovr') return oneVsRest(state, classes, rocAreaOf, o.average ?? 'macro');
  if (o.average === 'micro' || o.average === 'none') {
    throw new ConfigError({
      where,
      problem: `average '${o.average}' is not defined for multiClass 'ovo'`,
      expected: "'macro' or 'weighted'",
      received: { average: o.average },
    });
  }
  if (state.weights.some((w) => w !== 1)) {
    throw new ValueError({
      where,
      problem: "sample weights are not supported for multiClass 'ovo' (as in scikit-learn)",
      received: { multiClass: 'ovo' },
    });
  }
  return oneVsOne(state, classes, o.average === 'weighted');
}

/**
 * Area under the ROC curve, as scikit-learn's `roc_auc_score`. Binary: `yScore` `[n]` holds the
 * score of the greater label. Multiclass: `yScore` `[n, C]` probabilities and `multiClass`.
 * Arrays, typed arrays or tensors, never disposed.
 */
export async function rocAuc<A extends RankAverage = 'macro'>(
  yTrue: MetricInput,
  yScore: MetricInput,
  options: RocAucOptions<A> & { sampleWeight?: WeightInput } = {},
): Promise<RankResult<A>> {
  const where = 'rocAuc';
  const o = resolve(options, where);
  const state = await scoreStateOf(yTrue, yScore, options.sampleWeight, where);
  return fromState(state, o, where) as RankResult<A>;
}

/** Stateful twin of {@link rocAuc}; keeps the rows it is given (ranking needs every score). */
export class RocAuc<A extends RankAverage = 'macro'> extends ScoreMetric<RankResult<A>> {
  readonly name = 'rocAuc';
  private readonly options: RocAucOptions<A>;

  constructor(options: RocAucOptions<A> = {}) {
    super('RocAuc');
    this.options = resolve(options, 'RocAuc.constructor');
  }

  protected fromState(state: ScoreState, where: string): RankResult<A> {
    return fromState(state, this.options, where) as RankResult<A>;
  }
}
