import { closestName, ValueError } from '@weft/core';
import type { ColumnTable } from 'arquero';

/**
 * Throws a {@link ValueError} naming the first column of `names` the table lacks, with a
 * "did you mean" suggestion. Shared by every function here and by @weft/preprocess so that a
 * typo reads the same everywhere.
 */
export function assertColumns(table: ColumnTable, names: readonly string[], where: string): void {
  assertNames(table.columnNames(), names, where);
}

/** {@link assertColumns} for a list of available names (a file header, a Parquet schema). */
export function assertNames(available: readonly string[], names: readonly string[], where: string): void {
  for (const name of names) {
    if (available.includes(name)) continue;
    const suggestion = closestName(name, available);
    throw new ValueError({
      where,
      problem: `the table has no column "${name}"`,
      expected: `one of: ${available.join(', ') || '(no columns)'}`,
      received: { column: name },
      fix: suggestion ? `Did you mean "${suggestion}"?` : 'Check the column names (table.columnNames())',
    });
  }
}

/** The values of one column in table order (honouring filters and orderby), without copying when possible. */
export function columnValues(table: ColumnTable, name: string): ArrayLike<unknown> {
  const column = table.column(name);
  if (!table.isFiltered() && !table.isOrdered() && (Array.isArray(column) || ArrayBuffer.isView(column))) {
    return column as ArrayLike<unknown>;
  }
  return table.array(name) as ArrayLike<unknown>;
}

/** Throws a {@link ValueError} for a table with no rows. */
export function assertNotEmpty(table: ColumnTable, where: string, fix?: string): void {
  if (table.numRows() > 0) return;
  throw new ValueError({
    where,
    problem: 'the table has no rows',
    expected: 'at least one row',
    received: { rows: 0, columns: table.columnNames() },
    fix: fix ?? 'Check the filter or the file that produced the table',
  });
}
