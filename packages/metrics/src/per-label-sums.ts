import { FormatError, ShapeError } from '@weft/core';
import type { JsonValue } from './metric.js';

/**
 * Per true label, a row of float64 sums (one per score column) and the weight seen. Metrics
 * whose label-to-column mapping is only known once every class has been seen (log loss,
 * top-k accuracy: scikit-learn maps the sorted distinct labels to columns) keep what each
 * column would contribute for each label, and pick the right column at `compute`. Merging adds
 * rows, so batches and shards combine.
 */
export class PerLabelSums {
  columns = 0;
  totalWeight = 0;
  readonly sums = new Map<number, Float64Array>();

  /** The row of `label`, created on first sight; checks the column count first. */
  row(label: number): Float64Array {
    let row = this.sums.get(label);
    if (!row) {
      row = new Float64Array(this.columns);
      this.sums.set(label, row);
    }
    return row;
  }

  /** Fixes the column count on the first batch; later batches must agree (checked before any change). */
  checkColumns(columns: number, where: string): void {
    if (this.sums.size > 0 && columns !== this.columns) {
      throw new ShapeError({
        where,
        problem: 'the number of score columns changed between batches',
        expected: `${this.columns} column(s), as in earlier batches`,
        received: { columns },
        fix: 'Call reset() before switching data',
      });
    }
    this.columns = columns;
  }

  labels(): number[] {
    return [...this.sums.keys()].sort((a, b) => a - b);
  }

  merge(other: PerLabelSums, where: string): void {
    if (other.sums.size === 0) return;
    this.checkColumns(other.columns, where);
    for (const [label, sums] of other.sums) {
      const row = this.row(label);
      for (let c = 0; c < sums.length; c++) row[c] = (row[c] as number) + (sums[c] as number);
    }
    this.totalWeight += other.totalWeight;
  }

  toJSON(): JsonValue {
    const labels = this.labels();
    return {
      columns: this.columns,
      totalWeight: this.totalWeight,
      labels,
      sums: labels.map((l) => Array.from(this.sums.get(l) as Float64Array)),
    };
  }

  static fromJSON(json: JsonValue, where: string): PerLabelSums {
    const o = json as Record<string, unknown>;
    const ok =
      typeof o?.columns === 'number' &&
      typeof o.totalWeight === 'number' &&
      Array.isArray(o.labels) &&
      Array.isArray(o.sums) &&
      o.sums.length === o.labels.length &&
      o.sums.every((r) => Array.isArray(r) && r.length === o.columns);
    if (!ok) {
      throw new FormatError({
        where,
        problem: 'the state is not a per-label state',
        expected: '{ columns, totalWeight, labels, sums } with one row of `columns` sums per label',
        received: { state: json },
      });
    }
    const state = new PerLabelSums();
    state.columns = o.columns as number;
    state.totalWeight = o.totalWeight as number;
    (o.labels as number[]).forEach((l, i) => {
      state.sums.set(l, Float64Array.from((o.sums as number[][])[i] as number[]));
    });
    return state;
  }
}
