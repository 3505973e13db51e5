import { DTypeError, ValueError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { columnValues } from './columns.js';

export interface ReadMatrixOptions {
  where: string;
  dtype: 'float32' | 'int32';
  /** What the columns are, for messages ("feature", "target"). */
  role: string;
  /** Let null, undefined and NaN through as NaN (float32 only). */
  allowMissing?: boolean;
}

/**
 * Copies numeric columns into one row-major typed array ([rows, columns.length]), checking every
 * value: strings (not yet encoded), dates and objects are a DTypeError, missing or non-finite
 * values a ValueError naming the column and the row. Booleans become 0/1 and bigints numbers.
 */
export function readMatrix(
  table: ColumnTable,
  columns: readonly string[],
  options: ReadMatrixOptions,
): Float32Array | Int32Array {
  const rows = table.numRows();
  const width = columns.length;
  const out = options.dtype === 'int32' ? new Int32Array(rows * width) : new Float32Array(rows * width);
  columns.forEach((name, j) => {
    const values = columnValues(table, name);
    for (let i = 0; i < rows; i++) {
      let v = values[i];
      if (typeof v !== 'number') v = coerce(v, name, i, options);
      if (!Number.isFinite(v)) {
        if (!(options.allowMissing && Number.isNaN(v) && options.dtype === 'float32')) {
          missingError(name, i, values[i], options);
        }
      } else if (options.dtype === 'int32' && (!Number.isInteger(v) || Math.abs(v as number) > 2147483647)) {
        throw new DTypeError({
          where: options.where,
          problem: `${options.role} column "${name}" holds a value that is not a 32-bit integer at row ${i}`,
          expected: "integers for dtype 'int32'",
          received: { column: name, row: i, value: v },
          fix: "Round the column first, or use dtype 'float32'",
        });
      }
      out[i * width + j] = v as number;
    }
  });
  return out;
}

function coerce(value: unknown, column: string, row: number, options: ReadMatrixOptions): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  const isString = typeof value === 'string';
  throw new DTypeError({
    where: options.where,
    problem: isString
      ? `${options.role} column "${column}" holds strings, which are not encoded as numbers yet`
      : `${options.role} column "${column}" holds a value that is not a number`,
    expected: 'numeric columns (numbers or booleans)',
    received: { column, row, value },
    fix: isString
      ? 'Encode it first (OneHotEncoder, OrdinalEncoder or LabelEncoder from @weft/preprocess), or parse numbers written as text'
      : 'Convert the column to numbers first (for example with table.derive)',
  });
}

function missingError(column: string, row: number, value: unknown, options: ReadMatrixOptions): never {
  const missing = value === null || value === undefined || Number.isNaN(value);
  throw new ValueError({
    where: options.where,
    problem: `${options.role} column "${column}" has ${missing ? 'a missing value' : 'an infinite value'} at row ${row}`,
    expected: 'finite numbers in every row',
    received: { column, row, value },
    fix:
      options.role === 'target'
        ? `Drop rows without a target first, for example table.filter((d) => op.is_finite(d[${JSON.stringify(column)}]))`
        : 'Impute it first (SimpleImputer from @weft/preprocess) or drop those rows; pass { allowMissing: true } to keep NaN on purpose',
  });
}
