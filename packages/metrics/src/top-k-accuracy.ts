import { ConfigError, ShapeError, ValueError } from '@weft/core';
import type { JsonValue, Metric, MetricInput, WeightInput } from './metric.js';
import { PerLabelSums } from './per-label-sums.js';
import { readScoreBatch, type ScoreBatch } from './score-state.js';

export interface TopKAccuracyOptions {
  /** How many of the highest-scored classes may contain the true one; default 2 (scikit-learn's). */
  k?: number;
  /** Fraction (default) or weighted count of hits. */
  normalize?: boolean;
  /** Class of each score column, ascending (default: the distinct true labels). */
  labels?: readonly number[];
}

interface Resolved {
  k: number;
  normalize: boolean;
  labels: readonly number[] | undefined;
}

function resolve(options: TopKAccuracyOptions, where: string): Resolved {
  const k = options.k ?? 2;
  if (!Number.isInteger(k) || k < 1)
    throw new ConfigError({ where, problem: 'k is not a positive integer', received: { k } });
  const labels = options.labels;
  if (
    labels !== undefined &&
    (!Array.isArray(labels) ||
      labels.some((l, i) => !Number.isFinite(l) || (i > 0 && l <= (labels[i - 1] as number))))
  ) {
    throw new ConfigError({
      where,
      problem: 'labels must be unique numbers in ascending order',
      received: { labels },
    });
  }
  return { k, normalize: options.normalize ?? true, labels };
}

/**
 * The state: per true label, the weight of rows in which each column is among the k highest
 * scores (ties: the higher column first, as NumPy's stable argsort reversed); for 1-D binary
 * scores, the weight above 0.5 and above 0 plus the score range, since scikit-learn picks the
 * threshold from the range of all scores.
 */
class TopKState {
  sums = new PerLabelSums();
  /** 1-D scores: the rows hold [weight above 0.5, weight above 0, weight]. */
  oneD = false;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  add(batch: ScoreBatch, k: number, where: string): void {
    const { labels, scores, weights } = batch;
    const cols = scores.cols;
    if (this.sums.sums.size > 0 && this.oneD !== (cols === 1)) {
      throw new ShapeError({
        where,
        problem: 'yScore switched between 1-D scores and [n, C] scores',
        expected: this.oneD
          ? '1-D scores, as in earlier batches'
          : `${this.sums.columns} columns, as in earlier batches`,
        received: { columns: cols },
        fix: 'Call reset() before switching data',
      });
    }
    this.sums.checkColumns(cols === 1 ? 3 : cols, where);
    this.oneD = cols === 1;
    const order = Array.from({ length: cols }, (_, j) => j);
    for (let i = 0; i < scores.rows; i++) {
      const w = weights ? (weights[i] as number) : 1;
      const row = this.sums.row(labels[i] as number);
      this.sums.totalWeight += w;
      if (cols === 1) {
        const s = scores.values[i] as number;
        this.min = Math.min(this.min, s);
        this.max = Math.max(this.max, s);
        if (s > 0.5) row[0] = (row[0] as number) + w;
        if (s > 0) row[1] = (row[1] as number) + w;
        row[2] = (row[2] as number) + w;
        continue;
      }
      const base = i * cols;
      order.sort(
        (a, b) => (scores.values[base + b] as number) - (scores.values[base + a] as number) || b - a,
      );
      for (let r = 0; r < Math.min(k, cols); r++) {
        const c = order[r] as number;
        row[c] = (row[c] as number) + w;
      }
    }
  }
}

function fromState(state: TopKState, o: Resolved, where: string): number {
  const seen = state.sums.labels();
  const binary = state.oneD;
  const columns = binary ? 2 : state.sums.columns;
  const classes = o.labels ?? seen;
  if (classes.length !== columns) {
    throw new ValueError({
      where,
      problem: 'the number of classes differs from the number of score columns',
      expected: `${columns} classes (one per column of yScore)`,
      received: { classes },
      fix: 'Pass every class, in column order, as { labels }',
    });
  }
  let hits = 0;
  const threshold = state.min >= 0 && state.max <= 1 ? 0.5 : 0;
  for (const label of seen) {
    const col = classes.indexOf(label);
    if (col < 0)
      throw new ValueError({
        where,
        problem: `yTrue holds label ${label}, which is not in labels`,
        received: { labels: classes },
      });
    const row = state.sums.sums.get(label) as Float64Array;
    if (!binary) hits += row[col] as number;
    else if (o.k >= 2) hits += row[2] as number;
    else {
      const above = (threshold === 0.5 ? row[0] : row[1]) as number;
      hits += col === 1 ? above : (row[2] as number) - above;
    }
  }
  if (!o.normalize) return hits;
  if (state.sums.totalWeight === 0)
    throw new ValueError({ where, problem: 'the sample weights sum to zero', received: { sumOfWeights: 0 } });
  return hits / state.sums.totalWeight;
}

/**
 * Top-k accuracy, as scikit-learn's `top_k_accuracy_score`: a hit when the true class is among
 * the k highest scores. `yScore`: `[n, C]` with columns in sorted-label order, or 1-D scores of
 * the greater label for binary data. Arrays, typed arrays or tensors, never disposed.
 */
export async function topKAccuracy(
  yTrue: MetricInput,
  yScore: MetricInput,
  options: TopKAccuracyOptions & { sampleWeight?: WeightInput } = {},
): Promise<number> {
  const where = 'topKAccuracy';
  const o = resolve(options, where);
  const state = new TopKState();
  state.add(await readScoreBatch(yTrue, yScore, options.sampleWeight, where), o.k, where);
  return fromState(state, o, where);
}

/** Stateful twin of {@link topKAccuracy}: per-label hit weights, so batches need not hold every class. */
export class TopKAccuracy implements Metric<number> {
  readonly name = 'topKAccuracy';
  private state = new TopKState();
  private readonly options: Resolved;

  constructor(options: TopKAccuracyOptions = {}) {
    this.options = resolve(options, 'TopKAccuracy.constructor');
  }

  async update(yTrue: MetricInput, yScore: MetricInput, sampleWeight?: WeightInput): Promise<void> {
    const where = 'TopKAccuracy.update';
    // add() checks the column count before it changes anything.
    this.state.add(await readScoreBatch(yTrue, yScore, sampleWeight, where), this.options.k, where);
  }

  async compute(): Promise<number> {
    const where = 'TopKAccuracy.compute';
    if (this.state.sums.sums.size === 0)
      throw new ValueError({
        where,
        problem: 'no data has been added',
        expected: 'at least one update() before compute()',
      });
    return fromState(this.state, this.options, where);
  }

  reset(): void {
    this.state = new TopKState();
  }

  merge(other: this): void {
    if (
      other.state.sums.sums.size > 0 &&
      this.state.sums.sums.size > 0 &&
      other.state.oneD !== this.state.oneD
    ) {
      throw new ValueError({
        where: 'TopKAccuracy.merge',
        problem: 'one metric saw 1-D scores and the other [n, C] scores',
      });
    }
    this.state.sums.merge(other.state.sums, 'TopKAccuracy.merge');
    this.state.oneD ||= other.state.oneD;
    this.state.min = Math.min(this.state.min, other.state.min);
    this.state.max = Math.max(this.state.max, other.state.max);
  }

  getState(): JsonValue {
    const { min, max } = this.state;
    const bound = (v: number) => (Number.isFinite(v) ? v : null);
    return { sums: this.state.sums.toJSON(), oneD: this.state.oneD, min: bound(min), max: bound(max) };
  }

  setState(state: JsonValue): void {
    const o = state as { sums?: JsonValue; oneD?: boolean; min?: number | null; max?: number | null };
    const next = new TopKState();
    next.sums = PerLabelSums.fromJSON(o?.sums ?? null, 'TopKAccuracy.setState');
    next.oneD = o.oneD === true;
    next.min = o.min ?? Number.POSITIVE_INFINITY;
    next.max = o.max ?? Number.NEGATIVE_INFINITY;
    this.state = next;
  }
}
