import { FormatError } from '@weft/core';
import * as aq from 'arquero';
import { assertColumns } from './columns.js';
import { type DataSource, readBytes } from './source.js';

export interface ArrowOptions {
  /** Only these columns (default all). */
  columns?: string[];
}

/**
 * Apache Arrow IPC (stream or file format) to an arquero table, through arquero's own Arrow
 * support (flechette). Columns stay Arrow-backed (no copy). Bytes that are not Arrow IPC are a
 * FormatError; an unknown column in `columns` a ValueError.
 */
export function fromArrow(bytes: Uint8Array | ArrayBuffer, options: ArrowOptions = {}): aq.ColumnTable {
  return decodeArrow(
    bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes,
    options,
    'fromArrow',
    'the bytes',
  );
}

/** Reads Arrow IPC from a {@link DataSource}, then decodes it like {@link fromArrow}. */
export async function loadArrow(source: DataSource, options: ArrowOptions = {}): Promise<aq.ColumnTable> {
  const bytes = await readBytes(source, 'loadArrow');
  return decodeArrow(bytes, options, 'loadArrow', typeof source === 'string' ? source : 'the source');
}

/** A table as Arrow IPC bytes (stream format by default; `{ format: 'file' }` for the file format). */
export function toArrowIPC(table: aq.ColumnTable, options: { format?: 'stream' | 'file' } = {}): Uint8Array {
  return aq.toArrowIPC(table, options) as Uint8Array;
}

function decodeArrow(
  bytes: Uint8Array,
  options: ArrowOptions,
  where: string,
  source: string,
): aq.ColumnTable {
  let table: aq.ColumnTable;
  try {
    table = aq.fromArrow(bytes);
  } catch (error) {
    throw new FormatError(
      {
        where,
        problem: `${source} could not be read as Apache Arrow IPC (${(error as Error).message})`,
        expected: 'Arrow IPC stream or file bytes (.arrow, .feather v2)',
        received: { bytes: bytes.length },
        fix: 'Check the file type; Parquet files need loadParquet',
      },
      { cause: error },
    );
  }
  if (table.numCols() === 0) {
    throw new FormatError({
      where,
      problem: `${source} holds no Arrow columns`,
      received: { bytes: bytes.length },
    });
  }
  if (!options.columns) return table;
  assertColumns(table, options.columns, where);
  return table.select(options.columns);
}
