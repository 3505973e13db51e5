import { ConfigError, ValueError } from '@weft/core';
import { averagePrecisionOf, binaryCurve } from './curves.js';
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

export interface AveragePrecisionOptions<A extends RankAverage = RankAverage> {
  /** Multiclass averaging over one-vs-rest columns: 'macro' (default), 'weighted', 'micro' or 'none'. */
  average?: A;
  /** The positive class for 1-D scores; default 1. */
  posLabel?: number;
}

const AVERAGES: readonly RankAverage[] = ['macro', 'weighted', 'micro', 'none'];

function resolve<A extends RankAverage>(
  options: AveragePrecisionOptions<A>,
  where: string,
): { average: A; posLabel: number } {
  const average = options.average ?? ('macro' as A);
  const posLabel = options.posLabel ?? 1;
  if (!AVERAGES.includes(average)) {
    throw new ConfigError({
      where,
      problem: 'average is not valid',
      expected: AVERAGES.join(', '),
      received: { average },
    });
  }
  if (!Number.isFinite(posLabel)) {
    throw new ConfigError({ where, problem: 'posLabel is not a number', received: { posLabel } });
  }
  return { average, posLabel };
}

function fromState(
  state: ScoreState,
  o: { average: RankAverage; posLabel: number },
  where: string,
): number | number[] {
  const present = presentLabels(state);
  if (state.columns > 1) {
    // Multiclass: label-binarize and score each column one-vs-rest (scikit-learn ≥ 1.3's behaviour).
    return oneVsRest(state, columnClasses(state, undefined, where), averagePrecisionOf, o.average);
  }
  if (present.length > 2) {
    throw new ValueError({
      where,
      problem: 'yTrue has more than two classes but yScore has one column',
      expected: 'binary labels with 1-D scores, or [n, C] scores for multiclass',
      received: { labels: present.slice(0, 10) },
    });
  }
  if (present.length === 2 && !present.includes(o.posLabel)) {
    throw new ValueError({
      where,
      problem: `posLabel=${o.posLabel} is not one of the labels in the data`,
      expected: `posLabel to be one of ${present.join(', ')}`,
      received: { posLabel: o.posLabel },
    });
  }
  const { labels, scores, weights, rows } = state;
  return averagePrecisionOf(
    binaryCurve(
      allRows(rows),
      (i) => labels[i] === o.posLabel,
      (i) => scores[i] as number,
      weights,
    ),
  );
}

/**
 * Average precision Σ (Rₙ − Rₙ₋₁)·Pₙ over thresholds, as scikit-learn's
 * `average_precision_score` (no interpolation). `yScore`: 1-D scores of `posLabel`, or `[n, C]`
 * scores for multiclass (one-vs-rest). Arrays, typed arrays or tensors, never disposed.
 */
export async function averagePrecision<A extends RankAverage = 'macro'>(
  yTrue: MetricInput,
  yScore: MetricInput,
  options: AveragePrecisionOptions<A> & { sampleWeight?: WeightInput } = {},
): Promise<RankResult<A>> {
  const where = 'averagePrecision';
  const o = resolve(options, where);
  const state = await scoreStateOf(yTrue, yScore, options.sampleWeight, where);
  return fromState(state, o, where) as RankResult<A>;
}

/** Stateful twin of {@link averagePrecision}; keeps the rows it is given (ranking needs every score). */
export class AveragePrecision<A extends RankAverage = 'macro'> extends ScoreMetric<RankResult<A>> {
  readonly name = 'averagePrecision';
  private readonly options: { average: A; posLabel: number };

  constructor(options: AveragePrecisionOptions<A> = {}) {
    super('AveragePrecision');
    this.options = resolve(options, 'AveragePrecision.constructor');
  }

  protected fromState(state: ScoreState, where: string): RankResult<A> {
    return fromState(state, this.options, where) as RankResult<A>;
  }
}
