import { readFileSync } from 'node:fs';
import type { ColumnTable } from 'arquero';
import { expect } from 'vitest';

export interface Summary {
  rows: number;
  firstRow: number[];
  lastRow: number[];
  means: number[];
  target: { first: number | string; mean: number | null };
  classCounts: Record<string, number> | null;
  featureNames?: string[];
  imageSums?: number[];
}

export interface FashionSummary {
  rows: number;
  firstLabels: number[];
  lastLabel: number;
  imageSums: number[];
  pixelMean: number;
}

/** Values computed by scripts/make-fixtures.py with scikit-learn's loaders and numpy. */
export const reference = JSON.parse(
  readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8'),
) as {
  iris: Summary;
  wine: Summary;
  breastCancer: Summary;
  diabetes: Summary;
  digits: Summary;
  fashion_train: FashionSummary;
  fashion_test: FashionSummary;
};

const numbers = (t: ColumnTable, name: string) => Array.from(t.array(name) as ArrayLike<number>);

/** Checks a table's features and target against scikit-learn's view of the same data set. */
export function expectMatchesReference(
  table: ColumnTable,
  features: string[],
  target: string,
  ref: Summary,
): void {
  expect(table.numRows()).toBe(ref.rows);
  const last = table.numRows() - 1;
  expect(features.map((f) => table.get(f, 0))).toEqual(ref.firstRow);
  expect(features.map((f) => table.get(f, last))).toEqual(ref.lastRow);
  features.forEach((f, j) => {
    const values = numbers(table, f);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - (ref.means[j] as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mean)));
  });
  expect(table.get(target, 0)).toEqual(ref.target.first);
  if (ref.classCounts) {
    const counts: Record<string, number> = {};
    for (const v of Array.from(table.array(target) as ArrayLike<unknown>))
      counts[String(v)] = (counts[String(v)] ?? 0) + 1;
    expect(counts).toEqual(ref.classCounts);
  }
}
