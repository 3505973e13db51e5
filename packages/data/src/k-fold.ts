import { ConfigError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { assertNotEmpty } from './columns.js';
import { partition, takeRows } from './partition.js';

export interface KFoldOptions {
  /** Number of folds, ≥ 2 and ≤ the number of rows. */
  k: number;
  seed: number;
  /** Default true (scikit-learn's KFold defaults to false). Without it folds are consecutive runs. */
  shuffle?: boolean;
  /** Column whose values keep their proportions in every fold (within one row per value). */
  stratify?: string;
}

/**
 * K-fold cross-validation splits: fold i's `test` is the i-th part and its `train` the rest, so
 * every row is tested exactly once. Fold sizes follow scikit-learn (the first n mod k folds hold
 * one row more). Deterministic for a seed.
 */
export function kFold(
  table: ColumnTable,
  options: KFoldOptions,
): { train: ColumnTable; test: ColumnTable }[] {
  const where = 'kFold';
  assertNotEmpty(table, where);
  const n = table.numRows();
  const k = options.k;
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new ConfigError({
      where,
      problem: 'k is not a usable number of folds',
      expected: `an integer from 2 to the number of rows (${n})`,
      received: { k },
      fix: 'Pass e.g. { k: 5 }',
    });
  }
  const sizes = Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
  const folds = partition(table, sizes, {
    seed: options.seed,
    shuffle: options.shuffle ?? true,
    stratify: options.stratify,
    where,
  });
  return folds.map((testRows, i) => {
    const trainRows = folds.filter((_, j) => j !== i).flat();
    if (!(options.shuffle ?? true)) trainRows.sort((a, b) => a - b);
    return { train: takeRows(table, trainRows), test: takeRows(table, testRows) };
  });
}
