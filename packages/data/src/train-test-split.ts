import { ConfigError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { assertNotEmpty } from './columns.js';
import { partition, takeRows } from './partition.js';
import { checkSizes, partSize } from './sizes.js';

export interface TrainTestSplitOptions {
  /** Fraction of rows in (0, 1) — the test set gets ceil(test · n) rows, as in scikit-learn — or a row count. */
  test: number;
  /** Seed of the shuffle (the same seed always gives the same split). */
  seed: number;
  /** Shuffle before splitting (default true). Without it the test set is the last rows. */
  shuffle?: boolean;
  /** Column whose values keep their proportions in both parts (within one row per value). */
  stratify?: string;
}

/**
 * Splits a table's rows into a train and a test table. Deterministic for a seed; every row lands
 * in exactly one part. Rows are drawn with `Rng.permutation` from @weft/core, so the split does
 * not match scikit-learn's row for row (its sizes do). Both results are new materialized tables
 * (filters and order of the input already applied).
 */
export function trainTestSplit(
  table: ColumnTable,
  options: TrainTestSplitOptions,
): { train: ColumnTable; test: ColumnTable } {
  const where = 'trainTestSplit';
  if (options === null || typeof options !== 'object') {
    throw new ConfigError({
      where,
      problem: 'options are missing',
      expected: '{ test, seed }',
      received: { options },
    });
  }
  assertNotEmpty(table, where);
  const n = table.numRows();
  const test = partSize(options.test, n, 'test', where);
  checkSizes({ train: n - test, test }, n, where);
  const [trainRows, testRows] = partition(table, [n - test, test], {
    seed: options.seed,
    shuffle: options.shuffle ?? true,
    stratify: options.stratify,
    where,
  });
  return { train: takeRows(table, trainRows as number[]), test: takeRows(table, testRows as number[]) };
}
