import { closestName, ValueError } from '@weft/core';
import type { ColumnTable } from 'arquero';

/** The type of one input column, as the Pipeline expects it in raw rows. */
export type ColumnType = 'number' | 'integer' | 'boolean' | 'category' | 'string';

export interface ColumnSchema {
  name: string;
  type: ColumnType;
}

/**
 * Infers the schema of the named columns from a table (the rows a pipeline was fitted on).
 * Numeric columns become 'number', never 'integer': a column whose training rows happen to be
 * whole numbers (a lab value, a count) must still accept 42.5 later. Declare 'integer' explicitly
 * where fractions are an error (category codes).
 */
export function inferSchema(table: ColumnTable, columns: readonly string[]): ColumnSchema[] {
  return columns.map((name) => {
    const values = table.array(name) as ArrayLike<unknown>;
    let type: ColumnType = 'number';
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === 'string') {
        type = 'string';
        break;
      }
      if (typeof v === 'boolean') type = 'boolean';
    }
    return { name, type };
  });
}

/**
 * Checks raw rows against a schema before anything is computed: every column present, numeric
 * columns numeric and finite, integer columns integral.
 */
export function checkSchema(table: ColumnTable, schema: readonly ColumnSchema[], where: string): void {
  const present = table.columnNames();
  for (const column of schema) {
    if (!present.includes(column.name)) {
      const suggestion = closestName(column.name, present);
      throw new ValueError({
        where,
        problem: `the input has no column "${column.name}"`,
        expected: `columns ${schema.map((c) => c.name).join(', ')}`,
        received: { columns: present },
        fix: suggestion ? `Did you mean "${suggestion}"? Rename it to "${column.name}"` : 'Add the column',
      });
    }
    if (column.type !== 'number' && column.type !== 'integer') continue;
    const values = table.array(column.name) as ArrayLike<unknown>;
    for (let row = 0; row < values.length; row++) {
      const v = values[row];
      const bad =
        typeof v !== 'number' || !Number.isFinite(v) || (column.type === 'integer' && !Number.isInteger(v));
      if (bad) {
        throw new ValueError({
          where,
          problem: `column "${column.name}" has an invalid value at row ${row}`,
          expected: column.type === 'integer' ? 'finite integers' : 'finite numbers',
          received: { value: v, row },
          fix: 'Clean or impute the value first',
        });
      }
    }
  }
}
