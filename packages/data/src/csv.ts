import { ConfigError, FormatError, NotFoundError, ValueError } from '@weft/core';
import * as aq from 'arquero';
import { scanRecords } from './csv-records.js';

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
}

/**
 * Parses CSV text into an arquero table, after checking its shape: empty text is a ValueError;
 * a record whose field count differs from the header's, a repeated column name or an unclosed
 * quote is a FormatError naming the line. Trailing blank lines are ignored. Values are typed by
 * arquero (numbers, booleans, ISO dates; empty fields become null).
 */
export function fromCSV(text: string, options: CSVOptions = {}): aq.ColumnTable {
  return parseCSV(text, options, 'fromCSV', 'the CSV text');
}

/**
 * Reads a CSV file (Node: a path or file: URL) or fetches an http(s) URL, then parses it like
 * {@link fromCSV}. A missing file or a failed request is a NotFoundError naming the path.
 */
export async function loadCSV(path: string | URL, options: CSVOptions = {}): Promise<aq.ColumnTable> {
  const text = await readText(path, 'loadCSV');
  return parseCSV(text, options, 'loadCSV', String(path));
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
  const trimmed = text.replace(/(\r?\n|\r)+$/, '');
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
  return aq.fromCSV(trimmed, options);
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
  const { unterminatedQuoteLine } = scanRecords(text, delimiter, (fields, line) => {
    const i = index++;
    if (i < skip || (options.comment && (fields[0] ?? '').startsWith(options.comment))) return;
    kept++;
    if (width === -1) {
      width = fields.length;
      widthLine = line;
      if (options.header !== false) checkHeader(fields, line, where, source);
      return;
    }
    if (fields.length !== width) {
      throw new FormatError({
        where,
        problem: `line ${line} of ${source} has ${fields.length} field${fields.length === 1 ? '' : 's'}, but line ${widthLine} has ${width}`,
        expected: 'the same number of fields on every line',
        received: { line, fields: fields.length, expected: width },
        fix: 'Fix that line (a missing or extra delimiter, or a field with a delimiter that needs "quotes")',
      });
    }
  });
  if (unterminatedQuoteLine !== null) {
    throw new FormatError({
      where,
      problem: `a quoted field opened on line ${unterminatedQuoteLine} of ${source} never closes`,
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

async function readText(path: string | URL, where: string): Promise<string> {
  const location = String(path);
  if (/^https?:\/\//i.test(location)) {
    const response = await fetch(location);
    if (!response.ok) {
      throw new NotFoundError({
        where,
        problem: `the request for ${location} failed with status ${response.status}`,
        received: { url: location, status: response.status },
        fix: 'Check the URL and that the server allows this request',
      });
    }
    return response.text();
  }
  // Loaded lazily so that browser bundles of @weft/data never need node:fs.
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') {
      throw new NotFoundError(
        {
          where,
          problem: `no file exists at ${location}`,
          received: { path: location },
          fix: 'Check the path; relative paths resolve against the current working directory',
        },
        { cause: error },
      );
    }
    if (code === 'EISDIR') {
      throw new ValueError(
        { where, problem: `${location} is a directory, not a file`, received: { path: location } },
        { cause: error },
      );
    }
    throw error;
  }
}
