import { FormatError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { loadCSVAsset } from './csv-asset.js';
import type { Dataset, DatasetMeta } from './meta.js';

/**
 * Loads a shipped table and checks it against its metadata (row count, column names), so a
 * damaged install fails loudly instead of training on a partial file.
 */
export async function loadTable(
  meta: DatasetMeta,
  url: URL,
  where: string,
  text: string[] = [],
): Promise<Dataset> {
  const table = await loadCSVAsset(url, where, text);
  checkTable(table, meta, where);
  return { table, meta: copyMeta(meta) };
}

export function checkTable(table: ColumnTable, meta: DatasetMeta, where: string): void {
  const columns = table.columnNames();
  if (table.numRows() === meta.rows && columns.join('\u0000') === meta.columns.join('\u0000')) return;
  throw new FormatError({
    where,
    problem: `the shipped ${meta.name} data do not match their description`,
    expected: `${meta.rows} rows and columns ${meta.columns.join(', ')}`,
    received: { rows: table.numRows(), columns },
    fix: 'Reinstall @weft/datasets',
  });
}

/** A copy the caller may change without touching the module's constant. */
export function copyMeta(meta: DatasetMeta): DatasetMeta {
  return {
    ...meta,
    columns: [...meta.columns],
    ...(meta.classNames ? { classNames: [...meta.classNames] } : {}),
  };
}
