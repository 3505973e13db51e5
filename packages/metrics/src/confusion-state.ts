import { FormatError } from '@weft/core';
import type { JsonValue } from './metric.js';

/** Labels 0 … SMALL−1 find their slot through a typed array instead of a Map: the common case, fast. */
const SMALL = 4096;

/**
 * Counts of (true label, predicted label) pairs: the state of every label-based classification
 * metric. Unweighted counts are exact integers (float64 holds integers exactly up to 2⁵³);
 * with sample weights they are float64 sums of weights. Labels get a slot when first seen, so
 * one state serves binary and multiclass data without knowing the classes in advance, and
 * merging two states adds counts exactly.
 */
export class ConfusionState {
  /** Slot → label, in order of first appearance. */
  labels: number[] = [];
  /** Row-major `capacity × capacity` counts, rows = true label slot, columns = predicted. */
  private counts = new Float64Array(0);
  private capacity = 0;
  private readonly slots = new Map<number, number>();
  private readonly small = new Int32Array(SMALL).fill(-1);

  get size(): number {
    return this.labels.length;
  }

  /** The slot of `label`, created (and the matrix grown) on first sight. */
  slot(label: number): number {
    if (label >= 0 && label < SMALL && Number.isInteger(label)) {
      const s = this.small[label] as number;
      if (s >= 0) return s;
    } else {
      const s = this.slots.get(label);
      if (s !== undefined) return s;
    }
    const s = this.labels.length;
    if (s === this.capacity) this.grow(Math.max(4, 2 * this.capacity));
    this.labels.push(label);
    if (label >= 0 && label < SMALL && Number.isInteger(label)) this.small[label] = s;
    else this.slots.set(label, s);
    return s;
  }

  private grow(capacity: number): void {
    const next = new Float64Array(capacity * capacity);
    for (let r = 0; r < this.capacity; r++) {
      next.set(this.counts.subarray(r * this.capacity, (r + 1) * this.capacity), r * capacity);
    }
    this.counts = next;
    this.capacity = capacity;
  }

  /** Adds label pairs (already validated). */
  add(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, weights?: ArrayLike<number>): void {
    const small = this.small;
    for (let i = 0; i < yTrue.length; i++) {
      const t = yTrue[i] as number;
      const p = yPred[i] as number;
      // Inline fast path for small integer labels; slot() handles the rest and growth.
      let a = t >= 0 && t < SMALL ? (small[t] as number) : -1;
      let b = p >= 0 && p < SMALL ? (small[p] as number) : -1;
      if (a < 0 || !Number.isInteger(t)) a = this.slot(t);
      if (b < 0 || !Number.isInteger(p)) b = this.slot(p);
      this.bump(a, b, weights ? (weights[i] as number) : 1);
    }
  }

  /** Adds a dense `k × k` count matrix over labels 0 … k−1; labels with no counts stay unseen. */
  addDense(matrix: ArrayLike<number>, k: number): void {
    for (let c = 0; c < k; c++) {
      let any = false;
      for (let j = 0; j < k && !any; j++)
        any = (matrix[c * k + j] as number) !== 0 || (matrix[j * k + c] as number) !== 0;
      if (any) this.slot(c);
    }
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) {
        const v = matrix[r * k + c] as number;
        if (v !== 0) this.bump(this.slot(r), this.slot(c), v);
      }
    }
  }

  private bump(a: number, b: number, v: number): void {
    const i = a * this.capacity + b;
    this.counts[i] = (this.counts[i] as number) + v;
  }

  /** Count (or weight) of samples with true label `t` predicted as `p`; 0 for unseen labels. */
  get(t: number, p: number): number {
    const a = this.find(t);
    const b = this.find(p);
    return a < 0 || b < 0 ? 0 : (this.counts[a * this.capacity + b] as number);
  }

  private find(label: number): number {
    if (label >= 0 && label < SMALL && Number.isInteger(label)) return this.small[label] as number;
    return this.slots.get(label) ?? -1;
  }

  /** Row sum (samples whose true label is `label`) and column sum (predicted as `label`). */
  sums(label: number): { trueSum: number; predSum: number } {
    const s = this.find(label);
    let trueSum = 0;
    let predSum = 0;
    if (s >= 0) {
      for (let j = 0; j < this.size; j++) {
        trueSum += this.counts[s * this.capacity + j] as number;
        predSum += this.counts[j * this.capacity + s] as number;
      }
    }
    return { trueSum, predSum };
  }

  total(): number {
    let sum = 0;
    for (let r = 0; r < this.size; r++) {
      for (let c = 0; c < this.size; c++) sum += this.counts[r * this.capacity + c] as number;
    }
    return sum;
  }

  /** Every label seen in yTrue or yPred, ascending (scikit-learn's `unique_labels`). */
  sortedLabels(): number[] {
    return [...this.labels].sort((a, b) => a - b);
  }

  merge(other: ConfusionState): void {
    for (const label of other.labels) this.slot(label);
    for (const t of other.labels) {
      for (const p of other.labels) {
        const v = other.get(t, p);
        if (v !== 0) this.bump(this.find(t), this.find(p), v);
      }
    }
  }

  /** `{ labels, counts }` with labels ascending and counts as rows over them. */
  toJSON(): JsonValue {
    const labels = this.sortedLabels();
    return { labels, counts: labels.map((t) => labels.map((p) => this.get(t, p))) };
  }

  static fromJSON(json: JsonValue, where: string): ConfusionState {
    const o = json as { labels?: unknown; counts?: unknown };
    const labels = o?.labels;
    const counts = o?.counts;
    const ok =
      Array.isArray(labels) &&
      labels.every((l) => typeof l === 'number' && Number.isFinite(l)) &&
      Array.isArray(counts) &&
      counts.length === labels.length &&
      counts.every(
        (row) =>
          Array.isArray(row) && row.length === labels.length && row.every((v) => typeof v === 'number'),
      );
    if (!ok) {
      throw new FormatError({
        where,
        problem: 'the state is not a confusion-count state',
        expected: '{ labels: number[], counts: number[][] } with one row and column per label',
        received: { state: json },
      });
    }
    const state = new ConfusionState();
    for (const l of labels as number[]) state.slot(l);
    (counts as number[][]).forEach((row, r) => {
      row.forEach((v, c) => {
        if (v !== 0) state.bump(state.slot(labels[r] as number), state.slot(labels[c] as number), v);
      });
    });
    return state;
  }
}
