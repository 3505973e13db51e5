import { ConfigError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { assertNotEmpty } from './columns.js';
import { partition, takeRows } from './partition.js';
import { checkSizes, partSize } from './sizes.js';

export interface SplitOptions {
  /** Optional: the train part is whatever validation and test leave; if given, it must agree. */
  train?: number;
  /** Fraction in (0, 1) (ceil(fraction · n) rows) or a row count. */
  validation: number;
  /** Fraction in (0, 1) (ceil(fraction · n) rows) or a row count. */
  test: number;
  seed: number;
  /** Default true. Without shuffling the parts are consecutive runs: train, validation, test. */
  shuffle?: boolean;
  /** Column whose values keep their proportions in every part (within one row per value). */
  stratify?: string;
}

/**
 * Three-way split into train, validation and test tables: deterministic for a seed, every row in
 * exactly one part, sizes rounded up for validation and test like {@link trainTestSplit}.
 */
export function split(
  table: ColumnTable,
  options: SplitOptions,
): { train: ColumnTable; validation: ColumnTable; test: ColumnTable } {
  const where = 'split';
  assertNotEmpty(table, where);
  const n = table.numRows();
  const validation = partSize(options.validation, n, 'validation', where);
  const test = partSize(options.test, n, 'test', where);
  const train = n - validation - test;
  if (options.train !== undefined) {
    const asked = partSize(options.train, n, 'train', where);
    // A fraction is accepted when it rounds to what the other parts leave.
    const agrees = asked === train || (options.train < 1 && Math.abs(options.train * n - train) < 1);
    if (!agrees) {
      throw new ConfigError({
        where,
        problem: `train, validation and test do not add up to the table's ${n} rows`,
        expected: `train to be what validation (${validation} rows) and test (${test} rows) leave: ${train} rows`,
        received: { train: options.train, validation: options.validation, test: options.test },
        fix: 'Leave train out; it is always the remaining rows',
      });
    }
  }
  checkSizes({ train, validation, test }, n, where);
  const [trainRows, validationRows, testRows] = partition(table, [train, validation, test], {
    seed: options.seed,
    shuffle: options.shuffle ?? true,
    stratify: options.stratify,
    where,
  });
  return {
    train: takeRows(table, trainRows as number[]),
    validation: takeRows(table, validationRows as number[]),
    test: takeRows(table, testRows as number[]),
  };
}
