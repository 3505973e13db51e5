import { assertColumns } from '@weft/data';
import type { ColumnTable } from 'arquero';

/**
 * A new table in which each of `columns` is replaced, in place, by what `make` returns for it;
 * other columns are untouched. Every replacement is computed before the table is built, so an
 * error leaves nothing half done.
 */
export function mapColumns(
  table: ColumnTable,
  columns: readonly string[],
  where: string,
  make: (name: string, index: number) => ArrayLike<unknown>,
): ColumnTable {
  assertColumns(table, columns, where);
  const replaced: Record<string, ArrayLike<unknown>> = {};
  columns.forEach((name, j) => {
    replaced[name] = make(name, j);
  });
  return table.assign(replaced as never);
}
