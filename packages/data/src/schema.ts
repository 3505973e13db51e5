import { ConfigError, DTypeError, ValueError } from '@weft/core';
import * as aq from 'arquero';
import { assertColumns, columnValues } from './columns.js';

/** The column types a schema can declare. */
export type ColumnType = 'number' | 'integer' | 'string' | 'boolean' | 'category' | 'date';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'number',
  'integer',
  'string',
  'boolean',
  'category',
  'date',
];

/** A declared column: its type and, for a category, the allowed values. */
export interface ColumnSpec {
  type: ColumnType;
  /** category only: the allowed values (anything else is an error naming row and column). */
  categories?: readonly string[];
}

/** Column name → type (or spec). Columns left out keep the type the loader inferred. */
export type Schema = Record<string, ColumnType | ColumnSpec>;

/**
 * What to do with a missing value (null, undefined, NaN or an empty string) in a schema column:
 * `'error'` throws a ValueError naming row and column; `'drop'` drops the row; `'keep'` keeps it
 * as NaN in number and integer columns and as null in the others.
 */
export type MissingPolicy = 'error' | 'drop' | 'keep';

export interface ApplySchemaOptions {
  /** Default 'error'. */
  missing?: MissingPolicy;
  /** Row number of the table's first row in messages (streams count rows across chunks). Default 0. */
  rowOffset?: number;
  /** Owner named in errors. */
  where?: string;
}

/**
 * Converts and validates the schema's columns: numbers become Float64Array (integers checked to
 * be whole), booleans true/false, categories strings (checked against `categories` when given),
 * dates Date objects; text is parsed (`"3.5"`, `"true"`/`"1"`, ISO dates). Every error names the
 * column, the row (0-based, in table order) and the value. Returns a new table; the input is
 * never changed. Columns not in the schema are kept as they are.
 */
export function applySchema(
  table: aq.ColumnTable,
  schema: Schema,
  options: ApplySchemaOptions = {},
): aq.ColumnTable {
  const where = options.where ?? 'applySchema';
  const missing = checkMissing(options.missing, where);
  const specs = normalizeSchema(schema, where);
  assertColumns(table, Object.keys(specs), where);
  const names = table.columnNames();
  const data: Record<string, ArrayLike<unknown>> = {};
  const dropped = new Set<number>();
  for (const name of names) {
    const spec = specs[name];
    const values = columnValues(table, name);
    if (!spec) {
      data[name] = values;
      continue;
    }
    data[name] = convertColumn(values, name, spec, {
      where,
      missing,
      rowOffset: options.rowOffset ?? 0,
      onMissing: (row) => dropped.add(row),
    });
  }
  const converted = aq.table(data, names);
  if (dropped.size === 0) return converted;
  const keep = Array.from({ length: table.numRows() }, (_, i) => i).filter((i) => !dropped.has(i));
  return converted.reify(keep);
}

/**
 * The type of every column, from its values: `integer`, `number`, `boolean`, `date` or `string`
 * (missing values are ignored; text that reads as numbers, booleans or ISO dates counts as
 * such). `category` is never inferred: declare it.
 */
export function inferSchema(table: aq.ColumnTable): Record<string, ColumnType> {
  const out: Record<string, ColumnType> = {};
  for (const name of table.columnNames()) out[name] = inferType(columnValues(table, name));
  return out;
}

export function inferType(values: ArrayLike<unknown>): ColumnType {
  let type: ColumnType | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    const t = typeOfValue(v);
    if (type === null) type = t;
    else if (type !== t) {
      if ((type === 'integer' && t === 'number') || (type === 'number' && t === 'integer')) type = 'number';
      else return 'string';
    }
  }
  return type ?? 'string';
}

function typeOfValue(v: unknown): ColumnType {
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'bigint') return 'integer';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Date) return 'date';
  if (typeof v === 'string') {
    const s = v.trim();
    if (NUMBER.test(s)) return Number.isInteger(Number(s)) ? 'integer' : 'number';
    if (/^(true|false)$/i.test(s)) return 'boolean';
    if (ISO_DATE.test(s) && !Number.isNaN(Date.parse(s))) return 'date';
  }
  return 'string';
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(Infinity|inf)$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || v === '';
}

export function normalizeSchema(schema: unknown, where: string): Record<string, ColumnSpec> {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new ConfigError({
      where,
      problem: 'the schema is not an object of column types',
      expected: "{ column: 'number' | 'integer' | 'string' | 'boolean' | 'category' | 'date' }",
      received: { schema },
    });
  }
  const out: Record<string, ColumnSpec> = {};
  for (const [name, value] of Object.entries(schema)) {
    const spec = typeof value === 'string' ? { type: value as ColumnType } : (value as ColumnSpec);
    if (!spec || !COLUMN_TYPES.includes(spec.type)) {
      throw new ConfigError({
        where,
        problem: `the schema gives column "${name}" an unknown type`,
        expected: `one of ${COLUMN_TYPES.join(', ')}`,
        received: { [name]: value },
      });
    }
    if (spec.categories !== undefined && (spec.type !== 'category' || !Array.isArray(spec.categories))) {
      throw new ConfigError({
        where,
        problem: `the schema gives column "${name}" categories, but it is not a category column`,
        expected: "{ type: 'category', categories: ['a', 'b'] }",
        received: { [name]: value },
      });
    }
    out[name] = spec;
  }
  return out;
}

export function checkMissing(value: unknown, where: string): MissingPolicy {
  if (value === undefined) return 'error';
  if (value === 'error' || value === 'drop' || value === 'keep') return value;
  throw new ConfigError({
    where,
    problem: 'the missing-value policy is unknown',
    expected: "'error', 'drop' or 'keep'",
    received: { missing: value },
  });
}

export interface ConvertOptions {
  where: string;
  missing: MissingPolicy;
  rowOffset: number;
  /** Called with the table row of each missing value under the 'drop' policy. */
  onMissing: (row: number) => void;
}

/** Converts one column to its declared type; see {@link applySchema}. */
export function convertColumn(
  values: ArrayLike<unknown>,
  name: string,
  spec: ColumnSpec,
  options: ConvertOptions,
): ArrayLike<unknown> {
  const n = values.length;
  const numeric = spec.type === 'number' || spec.type === 'integer';
  const out: Float64Array | unknown[] = numeric ? new Float64Array(n) : new Array<unknown>(n);
  const allowed = spec.categories ? new Set(spec.categories) : null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (isMissing(v)) {
      if (options.missing === 'error') missingError(name, i + options.rowOffset, v, options.where);
      if (options.missing === 'drop') options.onMissing(i);
      out[i] = numeric ? Number.NaN : null;
      continue;
    }
    const converted = convert(v, spec.type);
    if (converted === INVALID) typeError(name, i + options.rowOffset, v, spec.type, options.where);
    if (allowed && !allowed.has(converted as string)) {
      throw new ValueError({
        where: options.where,
        problem: `column "${name}" has a value outside its categories at row ${i + options.rowOffset}`,
        expected: `one of ${[...allowed].map((c) => JSON.stringify(c)).join(', ')}`,
        received: { column: name, row: i + options.rowOffset, value: v },
        fix: 'Fix the value, or add it to the categories',
      });
    }
    out[i] = converted;
  }
  return out;
}

const INVALID = Symbol('invalid');

function convert(v: unknown, type: ColumnType): unknown {
  switch (type) {
    case 'number':
    case 'integer': {
      let x: number;
      if (typeof v === 'number') x = v;
      else if (typeof v === 'bigint') x = Number(v);
      else if (typeof v === 'string' && NUMBER.test(v.trim())) x = parseNumber(v.trim());
      else return INVALID;
      if (type === 'integer' && !Number.isInteger(x)) return INVALID;
      return x;
    }
    case 'string':
    case 'category':
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
      return INVALID;
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 1 || v === 0) return v === 1;
      if (typeof v === 'string') {
        const s = v.trim().toLowerCase();
        if (s === 'true' || s === '1') return true;
        if (s === 'false' || s === '0') return false;
      }
      return INVALID;
    case 'date': {
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? INVALID : v;
      if (typeof v === 'string' && ISO_DATE.test(v.trim())) {
        const time = Date.parse(v.trim());
        return Number.isNaN(time) ? INVALID : new Date(time);
      }
      return INVALID;
    }
  }
}

function parseNumber(s: string): number {
  if (/^[-+]?inf$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  return Number(s);
}

function missingError(column: string, row: number, value: unknown, where: string): never {
  throw new ValueError({
    where,
    problem: `column "${column}" has a missing value at row ${row}`,
    expected: 'a value in every row of a schema column',
    received: { column, row, value },
    fix: "Pass { missing: 'drop' } to drop such rows, or { missing: 'keep' } to keep them as NaN (numbers) or null",
  });
}

function typeError(column: string, row: number, value: unknown, type: ColumnType, where: string): never {
  const expected: Record<ColumnType, string> = {
    number: 'a number (text such as "3.5" or "-1e3" is parsed)',
    integer: 'a whole number',
    string: 'text (numbers and booleans are converted)',
    category: 'a label (text, a number or a boolean)',
    boolean: 'true/false or 1/0',
    date: 'a Date or an ISO date such as "2024-05-01" or "2024-05-01T12:00:00Z"',
  };
  throw new DTypeError({
    where,
    problem: `column "${column}" holds a value that is not ${type === 'integer' ? 'an' : 'a'} ${type} at row ${row}`,
    expected: expected[type],
    received: { column, row, value },
    fix: `Fix the value, or declare the column with another type`,
  });
}
