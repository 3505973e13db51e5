import { FormatError, ShapeError } from '@weft/core';
import { checkFinite, checkNotEmpty, checkSameRows, type Matrix, readMatrix, readWeights } from './input.js';
import { trueLabels } from './label-input.js';
import type { JsonValue, MetricInput, WeightInput } from './metric.js';

export interface ScoreBatch {
  labels: Float64Array;
  scores: Matrix;
  weights: Float64Array | undefined;
}

/** Reads true labels and finite scores `[n]` or `[n, C]`, with optional weights. */
export async function readScoreBatch(
  yTrue: MetricInput,
  yScore: MetricInput,
  sampleWeight: WeightInput | undefined,
  where: string,
): Promise<ScoreBatch> {
  const [t, s] = await Promise.all([readMatrix(yTrue, where, 'yTrue'), readMatrix(yScore, where, 'yScore')]);
  checkNotEmpty(t, where, 'yTrue');
  checkNotEmpty(s, where, 'yScore');
  checkSameRows(t, s, where, ['yTrue', 'yScore']);
  checkFinite(s.values, where, 'yScore');
  const weights = await readWeights(sampleWeight, t.rows, where);
  return { labels: trueLabels(t, where), scores: s, weights };
}

/**
 * Every (label, scores, weight) row seen, in growable float64 buffers: ranking metrics (ROC
 * AUC, average precision) need the full order of the scores, so their state is the data
 * itself, as in torchmetrics. Merging appends, so the merged state is exactly the whole.
 */
export class ScoreState {
  columns = 0;
  rows = 0;
  private labelBuf = new Float64Array(0);
  private scoreBuf = new Float64Array(0);
  private weightBuf = new Float64Array(0);

  get labels(): Float64Array {
    return this.labelBuf.subarray(0, this.rows);
  }
  get scores(): Float64Array {
    return this.scoreBuf.subarray(0, this.rows * this.columns);
  }
  get weights(): Float64Array {
    return this.weightBuf.subarray(0, this.rows);
  }

  add(batch: ScoreBatch, where: string): void {
    this.append(batch.labels, batch.scores.values, batch.scores.cols, batch.weights, where);
  }

  append(
    labels: Float64Array,
    scores: Float64Array,
    columns: number,
    weights: Float64Array | undefined,
    where: string,
  ): void {
    if (this.rows > 0 && columns !== this.columns) {
      throw new ShapeError({
        where,
        problem: 'the number of score columns changed between batches',
        expected: `${this.columns} column(s), as in earlier batches`,
        received: { columns },
        fix: 'Call reset() before switching data',
      });
    }
    this.columns = columns;
    const n = this.rows + labels.length;
    if (n > this.labelBuf.length) this.grow(Math.max(n, 2 * this.labelBuf.length, 64));
    this.labelBuf.set(labels, this.rows);
    this.scoreBuf.set(scores, this.rows * columns);
    if (weights) this.weightBuf.set(weights, this.rows);
    else this.weightBuf.fill(1, this.rows, n);
    this.rows = n;
  }

  private grow(capacity: number): void {
    const grow = (buf: Float64Array, size: number) => {
      const next = new Float64Array(size);
      next.set(buf);
      return next;
    };
    this.labelBuf = grow(this.labelBuf, capacity);
    this.weightBuf = grow(this.weightBuf, capacity);
    this.scoreBuf = grow(this.scoreBuf, capacity * Math.max(this.columns, 1));
  }

  merge(other: ScoreState, where: string): void {
    if (other.rows > 0) this.append(other.labels, other.scores, other.columns, other.weights, where);
  }

  toJSON(): JsonValue {
    return {
      columns: this.columns,
      labels: Array.from(this.labels),
      scores: Array.from(this.scores),
      weights: Array.from(this.weights),
    };
  }

  static fromJSON(json: JsonValue, where: string): ScoreState {
    const o = json as Record<string, unknown>;
    const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
    const ok =
      typeof o?.columns === 'number' &&
      numbers(o.labels) &&
      numbers(o.scores) &&
      numbers(o.weights) &&
      o.weights.length === o.labels.length &&
      o.scores.length === o.labels.length * o.columns;
    if (!ok) {
      throw new FormatError({
        where,
        problem: 'the state is not a score-metric state',
        expected:
          '{ columns, labels, scores, weights } with one label and weight and `columns` scores per row',
        received: { state: json },
      });
    }
    const state = new ScoreState();
    const labels = Float64Array.from(o.labels as number[]);
    if (labels.length > 0) {
      state.append(
        labels,
        Float64Array.from(o.scores as number[]),
        o.columns as number,
        Float64Array.from(o.weights as number[]),
        where,
      );
    }
    return state;
  }
}
