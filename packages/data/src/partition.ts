import { ConfigError, Rng, ValueError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { apportion } from './apportion.js';
import { assertColumns, columnValues } from './columns.js';

export interface PartitionOptions {
  seed: number;
  shuffle: boolean;
  stratify?: string | undefined;
  where: string;
}

/**
 * Deals the table's rows (positions 0..n-1 in its current order) into parts of the given sizes.
 * Shuffled: a seeded permutation, and each part's rows in random order. Not shuffled: parts are
 * consecutive runs (or, stratified, each stratum's rows in table order) and rows keep table order.
 * Stratified: every stratum is spread over the parts in proportion, within one row (see apportion).
 */
export function partition(
  table: ColumnTable,
  sizes: readonly number[],
  options: PartitionOptions,
): number[][] {
  checkSeed(options.seed, options.where);
  const n = table.numRows();
  const rng = new Rng(options.seed);
  if (options.stratify === undefined) {
    const order = options.shuffle ? Array.from(rng.permutation(n)) : Array.from({ length: n }, (_, i) => i);
    let start = 0;
    return sizes.map((size) => {
      start += size;
      return order.slice(start - size, start);
    });
  }
  const byValue = strataOf(table, options.stratify, options.where);
  for (const [value, positions] of byValue) {
    // As in scikit-learn: a class with one row cannot be in two parts, so its proportions cannot be kept.
    if (positions.length < 2) {
      throw new ValueError({
        where: options.where,
        problem: `the stratify column "${options.stratify}" has a class with only 1 row`,
        expected: 'at least 2 rows of every class',
        received: { column: options.stratify, value, rows: positions.length, row: positions[0] },
        fix: 'Merge or drop rare classes first, or split without stratify',
      });
    }
  }
  const strata = [...byValue.values()];
  const counts = apportion(
    strata.map((s) => s.length),
    sizes,
    options.shuffle ? rng : undefined,
  );
  const parts: number[][] = sizes.map(() => []);
  strata.forEach((positions, c) => {
    if (options.shuffle) rng.shuffle(positions);
    let start = 0;
    (counts[c] as number[]).forEach((count, p) => {
      for (let i = start; i < start + count; i++) (parts[p] as number[]).push(positions[i] as number);
      start += count;
    });
  });
  for (const part of parts) {
    if (options.shuffle) rng.shuffle(part);
    else part.sort((a, b) => a - b);
  }
  return parts;
}

/** Positions of each distinct value of `column`, in order of first appearance. */
export function strataOf(table: ColumnTable, column: string, where: string): Map<unknown, number[]> {
  assertColumns(table, [column], where);
  const values = columnValues(table, column);
  const strata = new Map<unknown, number[]>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) {
      throw new ValueError({
        where,
        problem: `the stratify column "${column}" has a missing value at row ${i}`,
        expected: 'a label in every row',
        received: { column, row: i, value: v },
        fix: 'Drop or label those rows first',
      });
    }
    const key = v instanceof Date ? v.getTime() : v;
    const bucket = strata.get(key);
    if (bucket) bucket.push(i);
    else strata.set(key, [i]);
  }
  return strata;
}

/** Materializes the rows at these positions (in the table's current order) as a new table. */
export function takeRows(table: ColumnTable, positions: readonly number[]): ColumnTable {
  const rows = table.indices();
  const picked = positions.map((p) => rows[p] as number);
  // arquero's reify keeps group bookkeeping; without groups a plain indexed copy is several times faster.
  if (table.isGrouped()) return table.reify(picked);
  const names = table.columnNames();
  const data: Record<string, ArrayLike<unknown>> = {};
  for (const name of names) data[name] = gather(table.column(name), picked);
  // null (not undefined) drops the source's filter and order; arquero's types omit null, hence the cast.
  return table.create({ data, names, filter: null, order: null } as never);
}

type Indexable = ArrayLike<unknown> & { at?(i: number): unknown };

function gather(column: unknown, rows: readonly number[]): ArrayLike<unknown> {
  const n = rows.length;
  if (ArrayBuffer.isView(column)) {
    const source = column as unknown as Float64Array;
    const out = new (source.constructor as Float64ArrayConstructor)(n);
    for (let i = 0; i < n; i++) out[i] = source[rows[i] as number] as number;
    return out;
  }
  const out = new Array<unknown>(n);
  if (Array.isArray(column)) {
    for (let i = 0; i < n; i++) out[i] = column[rows[i] as number];
  } else {
    const col = column as Indexable;
    for (let i = 0; i < n; i++) out[i] = (col.at as (i: number) => unknown).call(col, rows[i] as number);
  }
  return out;
}

function checkSeed(seed: unknown, where: string): void {
  if (typeof seed === 'number' && Number.isFinite(seed)) return;
  throw new ConfigError({
    where,
    problem: 'no usable seed was given',
    expected: 'options.seed to be a finite number, such as 42',
    received: { seed },
    fix: 'Pass a fixed seed: splits are reproducible only with one',
  });
}
