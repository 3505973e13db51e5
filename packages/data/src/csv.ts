import { ConfigError, FormatError, ValueError } from '@weft/core';
import * as aq from 'arquero';
import { fieldStartsWith, RecordReader, recordFields } from './record-reader.js';
import {
  applySchema,
  checkMissing,
  inferSchema,
  type MissingPolicy,
  normalizeSchema,
  type Schema,
} from './schema.js';
import { type DataSource, describeSource, readText, stripBOM } from './source.js';

/** arquero's CSV options (see its fromCSV docs); the defaults are arquero's. */
export interface CSVOptions {
  /** Single-character field separator (default ','). */
  delimiter?: string;
  /** Single-character decimal separator (default '.'). */
  decimal?: string;
  /** The first record holds column names (default true). */
  header?: boolean;
  /** Column names for a file without a header. */
  names?: string[];
  /** Records to skip before the header (default 0). */
  skip?: number;
  /** Records whose first field starts with this are skipped. */
  comment?: string;
  /** Infer numbers, booleans and ISO dates (default true). */
  autoType?: boolean;
  /** How many values type inference looks at (default 1000). */
  autoMax?: number;
  /** Per-column parsers, e.g. { zip: String } to keep leading zeros. */
  parse?: Record<string, (value: string) => unknown>;
  /**
   * Declared column types, checked row by row (see applySchema). Declared columns are read as
   * text and converted by the schema, not by arquero's type inference.
   */
  schema?: Schema;
  /**
   * Missing values (empty fields) in schema columns, or in every column when no schema is given:
   * 'error', 'drop' the row, or 'keep' (NaN / null). Default: arquero's behaviour (null) without a
   * schema, 'error' with one.
   */
  missing?: MissingPolicy;
}

/**
 * Parses CSV text into an arquero table, after checking its shape: empty text is a ValueError;
 * a record whose field count differs from the header's, a repeated column name or an unclosed
 * quote is a FormatError naming the line. A leading byte-order mark and trailing blank lines are
 * ignored; quoted fields may hold delimiters, `""` and newlines; lines may end in LF, CRLF or CR.
 * Values are typed by arquero (numbers, booleans, ISO dates; empty fields become null), or by
 * `options.schema`.
 */
export function fromCSV(text: string, options: CSVOptions = {}): aq.ColumnTable {
  return parseCSV(text, options, 'fromCSV', 'the CSV text');
}

/**
 * Reads CSV from a {@link DataSource} (a path or URL, a File or Blob, bytes, a web or Node
 * stream), then parses it like {@link fromCSV}. A path or URL ending in `.tsv` defaults to tab
 * delimiters. A missing file or a failed request is a NotFoundError naming it. The whole text is
 * read first; use {@link streamCSV} for files larger than memory.
 */
export async function loadCSV(source: DataSource, options: CSVOptions = {}): Promise<aq.ColumnTable> {
  const text = await readText(source, 'loadCSV');
  return parseCSV(text, withTSVDefault(source, options), 'loadCSV', describeSource(source));
}

function withTSVDefault(source: DataSource, options: CSVOptions): CSVOptions {
  const location = typeof source === 'string' ? source : source instanceof URL ? source.pathname : '';
  return options.delimiter === undefined && /\.tsv$/i.test(location)
    ? { ...options, delimiter: '\t' }
    : options;
}

function parseCSV(text: string, options: CSVOptions, where: string, source: string): aq.ColumnTable {
  if (typeof text !== 'string') {
    throw new ConfigError({
      where,
      problem: 'the input is not a string',
      expected: 'CSV text',
      received: { text },
    });
  }
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1) {
    throw new ConfigError({
      where,
      problem: 'the delimiter is not a single character',
      expected: "one character such as ',' or '\\t'",
      received: { delimiter },
    });
  }
  // A file ending in blank lines would otherwise gain rows of nulls.
  const trimmed = stripBOM(text).replace(/(\r?\n|\r)+$/, '');
  const records = checkShape(trimmed, delimiter, options, where, source);
  if (records === 0) {
    throw new ValueError({
      where,
      problem: `${source} is empty`,
      expected: 'a header line and data lines',
      received: { characters: text.length },
      fix: 'Check the file path and that the file was written completely',
    });
  }
  const { schema, missing, ...arqueroOptions } = options;
  if (schema === undefined) {
    const table = aq.fromCSV(trimmed, arqueroOptions);
    if (missing === undefined) return table;
    return applySchema(table, inferSchema(table), { missing: checkMissing(missing, where), where });
  }
  const specs = normalizeSchema(schema, where);
  // Declared columns arrive as text, so the schema (not arquero's inference) decides their type.
  const parse = { ...arqueroOptions.parse };
  for (const name of Object.keys(specs)) parse[name] ??= (value: string) => value;
  const table = aq.fromCSV(trimmed, { ...arqueroOptions, parse });
  return applySchema(table, specs, { missing: checkMissing(missing, where), where });
}

/** Checks every kept record has the header's field count; returns how many records are kept. */
function checkShape(
  text: string,
  delimiter: string,
  options: CSVOptions,
  where: string,
  source: string,
): number {
  const skip = options.skip ?? 0;
  let index = 0;
  let kept = 0;
  let width = -1;
  let widthLine = 0;
  // Raw records (field positions, no string per field): this check costs a fraction of the parse.
  const reader = new RecordReader(delimiter, null, (record) => {
    const i = index++;
    if (i < skip || (options.comment && fieldStartsWith(record, 0, options.comment))) return;
    kept++;
    const { count, line } = record;
    if (width === -1) {
      width = count;
      widthLine = line;
      if (options.header !== false) checkHeader(recordFields(record), line, where, source);
      return;
    }
    if (count !== width) {
      throw new FormatError({
        where,
        problem: `line ${line} of ${source} has ${count} field${count === 1 ? '' : 's'}, but line ${widthLine} has ${width}`,
        expected: 'the same number of fields on every line',
        received: { line, fields: count, expected: width },
        fix: 'Fix that line (a missing or extra delimiter, or a field with a delimiter that needs "quotes")',
      });
    }
  });
  reader.push(text);
  const unterminatedQuoteLine = reader.end();
  if (unterminatedQuoteLine !== null) {
    throw new FormatError({
      where,
      problem: `a quoted field in the record starting on line ${unterminatedQuoteLine} of ${source} never closes`,
      expected: 'every opening " to have a closing "',
      received: { line: unterminatedQuoteLine },
      fix: 'Close the quote, or write a literal quote inside quotes as ""',
    });
  }
  return kept;
}

function checkHeader(names: string[], line: number, where: string, source: string): void {
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated === undefined) return;
  throw new FormatError({
    where,
    problem: `the header of ${source} names column "${repeated}" twice`,
    expected: 'distinct column names',
    received: { line, header: names },
    fix: 'Rename one of them, or pass { header: false, names: [...] } with distinct names',
  });
}
