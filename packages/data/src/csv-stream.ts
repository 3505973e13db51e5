import { ConfigError, FormatError, ValueError } from '@weft/core';
import * as aq from 'arquero';
import { assertNames } from './columns.js';
import { fieldStartsWith, type RawRecord, RecordReader, recordFields } from './record-reader.js';
import {
  type ColumnSpec,
  checkMissing,
  convertColumn,
  inferType,
  type MissingPolicy,
  normalizeSchema,
  type Schema,
} from './schema.js';
import { byteChunks, type DataSource, describeSource } from './source.js';

export interface StreamCSVOptions {
  /** Single-character field separator (default ','; '\t' for a path ending in .tsv). */
  delimiter?: string;
  /** The first record holds column names (default true). */
  header?: boolean;
  /** Column names for a file without a header (default col1, col2, …). */
  names?: string[];
  /** Records to skip before the header (default 0). */
  skip?: number;
  /** Records whose first field starts with this are skipped. */
  comment?: string;
  /** Rows per table when iterating the stream as tables (default 10,000). */
  chunkRows?: number;
  /** Declared column types; undeclared columns are typed from the first chunk. */
  schema?: Schema;
  /** Missing values (empty fields) in typed columns: 'error', 'drop' or 'keep' (default 'keep'). */
  missing?: MissingPolicy;
}

/** A run of parsed records: `fields[i]` started on file line `lines[i]` and is data row `firstRow + i`. */
export interface RecordChunk {
  fields: string[][];
  lines: number[];
  firstRow: number;
}

/**
 * A CSV file read as it streams, never whole: memory stays bounded by one chunk of records
 * whatever the file size. Iterate it for arquero tables of `chunkRows` rows, or pass it to
 * `batches` for mini-batch tensors (which parses numbers straight from the text). Each
 * iteration reads the source again (paths and URLs can be re-read; a stream only once).
 *
 * Shape errors (ragged lines, an unclosed quote, an empty file) are FormatError/ValueError
 * naming the line; they surface when the iteration reaches them, after the earlier chunks.
 */
export class CSVStream implements AsyncIterable<aq.ColumnTable> {
  readonly source: DataSource;
  readonly options: Readonly<StreamCSVOptions>;
  readonly delimiter: string;
  private readonly where: string;

  constructor(source: DataSource, options: StreamCSVOptions = {}, where = 'streamCSV') {
    this.source = source;
    this.options = options;
    this.where = where;
    const location = typeof source === 'string' ? source : source instanceof URL ? source.pathname : '';
    this.delimiter = options.delimiter ?? (/\.tsv$/i.test(location) ? '\t' : ',');
    if (
      this.delimiter.length !== 1 ||
      this.delimiter === '"' ||
      this.delimiter === '\n' ||
      this.delimiter === '\r'
    ) {
      throw new ConfigError({
        where,
        problem: 'the delimiter is not a usable single character',
        expected: "one character other than a quote or a line break, such as ',' or '\\t'",
        received: { delimiter: options.delimiter },
      });
    }
    const chunkRows = options.chunkRows ?? 10000;
    if (!Number.isInteger(chunkRows) || chunkRows < 1) {
      throw new ConfigError({
        where,
        problem: 'chunkRows is not a positive integer',
        received: { chunkRows },
      });
    }
    if (options.schema !== undefined) normalizeSchema(options.schema, where);
    checkMissing(options.missing, where);
  }

  /**
   * Reads the source once: calls `onHeader` with the column names (the header, or `names`), then
   * `onRecord` for every data record with its 0-based row, after checking its field count
   * against the header's. Yields after each piece of input, so a consumer can hand out what the
   * records produced so far; memory stays at one piece of input.
   */
  async *pump(
    onHeader: (names: string[]) => void,
    onRecord: (record: RawRecord, row: number) => void,
  ): AsyncGenerator<void> {
    const { where, options } = this;
    const source = describeSource(this.source);
    const skip = options.skip ?? 0;
    let seen = 0;
    let width = -1;
    let headerLine = 0;
    let row = 0;
    const reader = new RecordReader(this.delimiter, null, (record) => {
      if (seen++ < skip) return;
      if (options.comment && fieldStartsWith(record, 0, options.comment)) return;
      if (width === -1) {
        width = record.count;
        headerLine = record.line;
        if (options.header !== false) {
          onHeader(checkHeader(recordFields(record), record.line, where, source));
          return;
        }
        onHeader(options.names ? [...options.names] : Array.from({ length: width }, (_, i) => `col${i + 1}`));
      }
      // A blank line (one empty field) is skipped rather than read as a row of missing values.
      if (
        record.count === 1 &&
        width > 1 &&
        record.quoted[0] === undefined &&
        record.starts[0] === record.ends[0]
      )
        return;
      if (record.count !== width) {
        const { count, line } = record;
        throw new FormatError({
          where,
          problem: `line ${line} of ${source} has ${count} field${count === 1 ? '' : 's'}, but line ${headerLine} has ${width}`,
          expected: 'the same number of fields on every line',
          received: { line, fields: count, expected: width },
          fix: 'Fix that line (a missing or extra delimiter, or a field with a delimiter that needs "quotes")',
        });
      }
      onRecord(record, row++);
    });
    const decoder = new TextDecoder('utf-8');
    let first = true;
    for await (const bytes of byteChunks(this.source, where)) {
      let text = decoder.decode(bytes, { stream: true });
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      reader.push(text);
      yield;
    }
    reader.push(decoder.decode());
    const openLine = reader.end();
    yield;
    if (openLine !== null) {
      throw new FormatError({
        where,
        problem: `a quoted field in the record starting on line ${openLine} of ${source} never closes`,
        expected: 'every opening " to have a closing "',
        received: { line: openLine },
        fix: 'Close the quote, or write a literal quote inside quotes as ""',
      });
    }
    if (width === -1) {
      throw new ValueError({
        where,
        problem: `${source} is empty`,
        expected: 'a header line and data lines',
        fix: 'Check the file path and that the file was written completely',
      });
    }
  }

  /** The records as field strings, in chunks of up to `size` rows (see {@link pump}). */
  async *records(size: number, onHeader: (names: string[]) => void): AsyncGenerator<RecordChunk> {
    let pending: RecordChunk = { fields: [], lines: [], firstRow: 0 };
    const ready: RecordChunk[] = [];
    for await (const _ of this.pump(onHeader, (record, row) => {
      pending.fields.push(recordFields(record));
      pending.lines.push(record.line);
      if (pending.fields.length === size) {
        ready.push(pending);
        pending = { fields: [], lines: [], firstRow: row + 1 };
      }
    })) {
      while (ready.length > 0) yield ready.shift() as RecordChunk;
    }
    if (pending.fields.length > 0) yield pending;
  }

  /** Tables of up to `chunkRows` rows, typed by the schema (undeclared columns: from the first chunk). */
  async *[Symbol.asyncIterator](): AsyncGenerator<aq.ColumnTable> {
    const { where, options } = this;
    const missing = options.missing ?? 'keep';
    const declared = options.schema ? normalizeSchema(options.schema, where) : {};
    let names: string[] = [];
    let specs: ColumnSpec[] | null = null;
    for await (const chunk of this.records(options.chunkRows ?? 10000, (header) => {
      names = header;
      assertNames(names, Object.keys(declared), where);
    })) {
      const n = chunk.fields.length;
      const raw = names.map((_, j) => chunk.fields.map((f) => f[j] as string));
      specs ??= names.map((name, j) => declared[name] ?? { type: inferType(raw[j] as string[]) });
      const dropped = new Set<number>();
      const data: Record<string, ArrayLike<unknown>> = {};
      names.forEach((name, j) => {
        data[name] = convertColumn(raw[j] as string[], name, (specs as ColumnSpec[])[j] as ColumnSpec, {
          where,
          missing,
          rowOffset: chunk.firstRow,
          onMissing: (row) => dropped.add(row),
        });
      });
      const table = aq.table(data, names);
      if (dropped.size === 0) yield table;
      else if (dropped.size < n)
        yield table.reify(Array.from({ length: n }, (_, i) => i).filter((i) => !dropped.has(i)));
    }
  }
}

/** A {@link CSVStream} over a source; nothing is read until it is iterated. */
export function streamCSV(source: DataSource, options: StreamCSVOptions = {}): CSVStream {
  return new CSVStream(source, options);
}

function checkHeader(names: string[], line: number, where: string, source: string): string[] {
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated === undefined) return names;
  throw new FormatError({
    where,
    problem: `the header of ${source} names column "${repeated}" twice`,
    expected: 'distinct column names',
    received: { line, header: names },
    fix: 'Rename one of them, or pass { header: false, names: [...] } with distinct names',
  });
}
