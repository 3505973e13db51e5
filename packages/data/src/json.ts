import { ConfigError, FormatError, ValueError } from '@weft/core';
import * as aq from 'arquero';
import { applySchema, checkMissing, inferSchema, type MissingPolicy, type Schema } from './schema.js';
import { type DataSource, describeSource, readText } from './source.js';

export type JSONFormat = 'records' | 'columns' | 'ndjson';

export interface JSONOptions {
  /**
   * `records`: an array of row objects; `columns`: an object of equal-length arrays; `ndjson`:
   * one row object per line. Default: detected (an array is records, an object columns, several
   * lines that each hold an object NDJSON).
   */
  format?: JSONFormat;
  /** Declared column types, checked row by row (see applySchema). */
  schema?: Schema;
  /** Missing values in schema columns (or every column without a schema); see CSVOptions. */
  missing?: MissingPolicy;
}

/**
 * Builds a table from JSON text or an already-parsed value. Records may leave keys out (the
 * column gets null there); the column order is the order keys first appear. Malformed JSON is a
 * FormatError (naming the line for NDJSON), a record that is not an object or columns of unequal
 * length a FormatError naming the row or column, empty input a ValueError.
 */
export function fromJSON(input: string | unknown, options: JSONOptions = {}): aq.ColumnTable {
  return parseJSON(input, options, 'fromJSON', 'the JSON input');
}

/** Reads JSON, JSON records or NDJSON from a {@link DataSource}, then parses it like {@link fromJSON}. */
export async function loadJSON(source: DataSource, options: JSONOptions = {}): Promise<aq.ColumnTable> {
  const text = await readText(source, 'loadJSON');
  const location = typeof source === 'string' ? source : source instanceof URL ? source.pathname : '';
  const format = options.format ?? (/\.(ndjson|jsonl)$/i.test(location) ? 'ndjson' : undefined);
  return parseJSON(text, { ...options, ...(format ? { format } : {}) }, 'loadJSON', describeSource(source));
}

function parseJSON(input: unknown, options: JSONOptions, where: string, source: string): aq.ColumnTable {
  const format = options.format;
  if (format !== undefined && format !== 'records' && format !== 'columns' && format !== 'ndjson') {
    throw new ConfigError({
      where,
      problem: 'the JSON format is unknown',
      expected: "'records', 'columns' or 'ndjson'",
      received: { format },
    });
  }
  let value: unknown = input;
  let resolved = format;
  if (typeof input === 'string') {
    const text = input.trim();
    if (text === '') {
      throw new ValueError({
        where,
        problem: `${source} is empty`,
        expected: 'JSON text',
        received: { characters: input.length },
      });
    }
    if (resolved === 'ndjson' || (resolved === undefined && looksLikeNDJSON(text))) {
      value = parseLines(text, where, source);
      resolved = 'records';
    } else {
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new FormatError(
          {
            where,
            problem: `${source} is not valid JSON (${(error as Error).message})`,
            fix: 'Check the file was written completely; for one object per line pass { format: "ndjson" }',
          },
          { cause: error },
        );
      }
    }
  }
  const table = Array.isArray(value)
    ? fromRecords(value, where, source, resolved)
    : fromColumns(value, where, source, resolved);
  const missing = options.missing;
  if (options.schema !== undefined)
    return applySchema(table, options.schema, { missing: checkMissing(missing, where), where });
  if (missing !== undefined)
    return applySchema(table, inferSchema(table), { missing: checkMissing(missing, where), where });
  return table;
}

function looksLikeNDJSON(text: string): boolean {
  return text.startsWith('{') && /\}\s*[\r\n]+\s*\{/.test(text);
}

function parseLines(text: string, where: string, source: string): unknown[] {
  const rows: unknown[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line));
    } catch (error) {
      throw new FormatError(
        {
          where,
          problem: `line ${i + 1} of ${source} is not valid JSON`,
          expected: 'one JSON object per line (NDJSON)',
          received: { line: i + 1, text: line },
        },
        { cause: error },
      );
    }
  });
  return rows;
}

function fromRecords(
  records: unknown[],
  where: string,
  source: string,
  format: JSONFormat | undefined,
): aq.ColumnTable {
  if (format === 'columns') {
    throw new FormatError({
      where,
      problem: `${source} is an array, not an object of columns`,
      expected: 'format "records" for an array of rows',
    });
  }
  if (records.length === 0) {
    throw new ValueError({
      where,
      problem: `${source} holds no rows`,
      expected: 'at least one record',
      received: { rows: 0 },
    });
  }
  const names: string[] = [];
  const seen = new Set<string>();
  records.forEach((record, row) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new FormatError({
        where,
        problem: `row ${row} of ${source} is not an object`,
        expected: 'every record to be an object such as {"x": 1, "y": 2}',
        received: { row, record },
      });
    }
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  });
  const data: Record<string, unknown[]> = {};
  for (const name of names) {
    data[name] = records.map((r) => {
      const v = (r as Record<string, unknown>)[name];
      return v === undefined ? null : v;
    });
  }
  return aq.table(data, names);
}

function fromColumns(
  value: unknown,
  where: string,
  source: string,
  format: JSONFormat | undefined,
): aq.ColumnTable {
  if (value === null || typeof value !== 'object' || format === 'records') {
    throw new FormatError({
      where,
      problem: `${source} is neither an array of records nor an object of columns`,
      expected: '[{"x": 1}, …], {"x": [1, …]} or one object per line',
      received: { value },
    });
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) {
    throw new ValueError({
      where,
      problem: `${source} holds no columns`,
      expected: 'at least one column',
      received: { columns: 0 },
    });
  }
  let length = -1;
  let first = '';
  for (const [name, column] of entries) {
    if (!Array.isArray(column)) {
      throw new FormatError({
        where,
        problem: `column "${name}" of ${source} is not an array`,
        expected: 'an object whose every value is an array of the column values',
        received: { column: name, value: column },
      });
    }
    if (length === -1) {
      length = column.length;
      first = name;
    } else if (column.length !== length) {
      throw new FormatError({
        where,
        problem: `column "${name}" of ${source} has ${column.length} values, but column "${first}" has ${length}`,
        expected: 'columns of equal length',
        received: { column: name, length: column.length, expected: length },
      });
    }
  }
  return aq.table(Object.fromEntries(entries.map(([name, column]) => [name, column as unknown[]])));
}
