import { FormatError } from '@weft/core';
import * as aq from 'arquero';
import { parquetMetadata, parquetRead } from 'hyparquet';
import { assertNames } from './columns.js';
import { type DataSource, readBytes } from './source.js';

export interface ParquetOptions {
  /** Only these columns (default all); the others are not decoded. */
  columns?: string[];
  /**
   * Decompressors beyond the built-in ones (uncompressed and Snappy, the default of most
   * writers), keyed by codec, e.g. `{ GZIP, ZSTD, BROTLI }` from the hyparquet-compressors
   * package. Passed to hyparquet.
   */
  compressors?: Record<string, (input: Uint8Array, outputLength: number) => Uint8Array>;
}

/**
 * Apache Parquet bytes to an arquero table, with hyparquet (pure JavaScript, no wasm). INT64
 * columns become numbers when every value is a safe integer (bigints otherwise), timestamps
 * Dates. Bytes that are not Parquet, or use a codec without a decompressor, are a FormatError.
 */
export async function fromParquet(
  bytes: Uint8Array | ArrayBuffer,
  options: ParquetOptions = {},
): Promise<aq.ColumnTable> {
  return decodeParquet(
    bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes,
    options,
    'fromParquet',
    'the bytes',
  );
}

/** Reads Parquet from a {@link DataSource}, then decodes it like {@link fromParquet}. */
export async function loadParquet(source: DataSource, options: ParquetOptions = {}): Promise<aq.ColumnTable> {
  const bytes = await readBytes(source, 'loadParquet');
  return decodeParquet(bytes, options, 'loadParquet', typeof source === 'string' ? source : 'the source');
}

async function decodeParquet(
  bytes: Uint8Array,
  options: ParquetOptions,
  where: string,
  source: string,
): Promise<aq.ColumnTable> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const fail = (error: unknown): never => {
    throw new FormatError(
      {
        where,
        problem: `${source} could not be read as Parquet (${(error as Error).message})`,
        expected: 'an Apache Parquet file',
        received: { bytes: bytes.length },
        fix: /compress|codec/i.test(String((error as Error).message))
          ? 'Pass a decompressor for its codec in options.compressors (e.g. from hyparquet-compressors)'
          : 'Check the file type; Arrow IPC files need loadArrow',
      },
      { cause: error },
    );
  };
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(file);
  } catch (error) {
    return fail(error);
  }
  // The top-level fields of the schema, in file order (element 0 is the root).
  const names: string[] = [];
  let i = 1;
  while (i < metadata.schema.length) {
    const element = metadata.schema[i] as { name: string; num_children?: number };
    names.push(element.name);
    i += 1 + countDescendants(metadata.schema as { num_children?: number }[], i);
  }
  const rows = Number(metadata.num_rows);
  const columns = options.columns ?? names;
  assertNames(names, columns, where);
  const data: Record<string, unknown[]> = Object.fromEntries(columns.map((n) => [n, new Array(rows)]));
  try {
    await parquetRead({
      file,
      metadata,
      columns,
      ...(options.compressors ? { compressors: options.compressors } : {}),
      onChunk: ({ columnName, columnData, rowStart }) => {
        const target = data[columnName];
        if (!target) return;
        for (let r = 0; r < columnData.length; r++) target[rowStart + r] = columnData[r];
      },
    });
  } catch (error) {
    return fail(error);
  }
  for (const name of columns) data[name] = numbersFromBigInts(data[name] as unknown[]);
  return aq.table(data, columns);
}

function countDescendants(schema: { num_children?: number }[], index: number): number {
  let count = 0;
  let pending = schema[index]?.num_children ?? 0;
  let i = index + 1;
  while (pending > 0) {
    const children = schema[i]?.num_children ?? 0;
    count++;
    pending += children - 1;
    i++;
  }
  return count;
}

function numbersFromBigInts(values: unknown[]): unknown[] {
  let sawBigInt = false;
  for (const v of values) {
    if (typeof v !== 'bigint') continue;
    sawBigInt = true;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) return values;
  }
  return sawBigInt ? values.map((v) => (typeof v === 'bigint' ? Number(v) : v)) : values;
}
