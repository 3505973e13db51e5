import type * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { assertColumns } from '@weft/data';
import type { ColumnTable } from 'arquero';
import { readNumeric } from './columns.js';

/**
 * A new table in which each of `columns` is replaced (in place, as float64) by `f` applied to its
 * values; other columns are untouched. NaN and null come in as NaN; ±Infinity and non-numbers are
 * refused by {@link readNumeric}.
 */
export function mapNumericColumns(
  table: ColumnTable,
  columns: readonly string[],
  where: string,
  f: (values: Float64Array, column: number) => void,
): ColumnTable {
  assertColumns(table, columns, where);
  const replaced: Record<string, Float64Array> = {};
  columns.forEach((name, j) => {
    const values = readNumeric(table, name, where, 'keep');
    f(values, j);
    replaced[name] = values;
  });
  return table.assign(replaced);
}

/** Throws a ShapeError unless `x` is [rows, columns.length]. */
export function checkTensorWidth(x: tf.Tensor, columns: readonly string[], where: string): void {
  if (x.rank === 2 && x.shape[1] === columns.length) return;
  throw new ShapeError({
    where,
    problem: 'the tensor does not have one column per fitted column',
    expected: `shape [rows, ${columns.length}] (columns ${columns.join(', ')})`,
    received: { shape: x.shape },
    fix: 'Build the tensor with toTensors(table, { features: transform.columns })',
  });
}
