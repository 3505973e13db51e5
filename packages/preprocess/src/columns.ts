import { DTypeError, ValueError } from '@weft/core';
import { assertColumns, assertNotEmpty } from '@weft/data';
import type { ColumnTable } from 'arquero';

/**
 * The columns a transform fits: those passed to `fit`, else those given to the constructor, else
 * the table's columns of the default kind (for numeric transforms: typed arrays, or arrays whose
 * values are all numbers or missing). Checks they exist and the table has rows.
 */
export function fitColumns(
  table: ColumnTable,
  fromFit: readonly string[] | undefined,
  fromOptions: readonly string[] | undefined,
  where: string,
  defaults: { pick: (table: ColumnTable) => string[]; kind: string } = {
    pick: numericColumns,
    kind: 'numeric',
  },
): string[] {
  assertNotEmpty(table, where);
  const columns = [...(fromFit ?? fromOptions ?? defaults.pick(table))];
  if (columns.length === 0) {
    throw new ValueError({
      where,
      problem: 'there are no columns to fit',
      expected: `at least one ${defaults.kind} column`,
      received: { columns: table.columnNames() },
      fix: 'Name the columns: new Transform({ columns: [...] }) or fit(table, [...])',
    });
  }
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated !== undefined) {
    throw new ValueError({ where, problem: `column "${repeated}" is listed twice`, received: { columns } });
  }
  assertColumns(table, columns, where);
  return columns;
}

/** Names of the columns whose values are all numbers (or missing), with at least one number. */
export function numericColumns(table: ColumnTable): string[] {
  return table.columnNames().filter((name) => {
    const column = table.column(name);
    if (ArrayBuffer.isView(column))
      return !(column instanceof BigInt64Array || column instanceof BigUint64Array);
    let numbers = 0;
    for (const v of table.array(name) as unknown[]) {
      if (typeof v === 'number') numbers++;
      else if (v !== null && v !== undefined) return false;
    }
    return numbers > 0;
  });
}

/**
 * One column as float64, in table order. `missing: 'error'` (for fitting) rejects null, NaN and
 * ±Infinity naming the row; `missing: 'keep'` (for transforming) turns null into NaN and keeps
 * NaN, as scikit-learn does, but still rejects ±Infinity. Non-numbers are a DTypeError.
 */
export function readNumeric(
  table: ColumnTable,
  name: string,
  where: string,
  missing: 'error' | 'keep',
): Float64Array {
  const values = table.array(name) as ArrayLike<unknown>;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    const isMissing = v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
    if (isMissing && missing === 'keep') {
      out[i] = Number.NaN;
      continue;
    }
    if (typeof v !== 'number' && !isMissing) {
      throw new DTypeError({
        where,
        problem: `column "${name}" holds a value that is not a number at row ${i}`,
        expected: 'numbers only',
        received: { column: name, row: i, value: v },
        fix:
          typeof v === 'string'
            ? 'Encode text columns with OneHotEncoder or OrdinalEncoder, and leave them out of numeric transforms'
            : 'Convert the column to numbers first',
      });
    }
    throw new ValueError({
      where,
      problem: `column "${name}" has ${isMissing ? 'a missing value (NaN or null)' : 'an infinite value'} at row ${i}`,
      expected: 'finite numbers',
      received: { column: name, row: i, value: v },
      fix: isMissing ? 'Impute it first (SimpleImputer) or drop the row' : 'Clip or drop the infinite values',
    });
  }
  return out;
}
