import { closestName, DTypeError, ValueError } from '@weft/core';
import type { ColumnTable } from 'arquero';

/** A category value: what encoders learn and what their JSON state holds. */
export type Category = string | number | boolean;

/** Names of the columns holding strings or booleans (the default columns of the encoders). */
export function categoricalColumns(table: ColumnTable): string[] {
  return table.columnNames().filter((name) => {
    if (ArrayBuffer.isView(table.column(name))) return false;
    let found = false;
    for (const v of table.array(name) as unknown[]) {
      if (typeof v === 'string' || typeof v === 'boolean') found = true;
      else if (v !== null && v !== undefined) return false;
    }
    return found;
  });
}

export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * One column's values, checked to be categories: strings, finite numbers or booleans, all of one
 * kind (scikit-learn also refuses a mix of strings and numbers). Missing values are an error
 * unless `allowMissing`, in which case they are kept as null.
 */
export function readCategories(
  table: ColumnTable,
  column: string,
  where: string,
  allowMissing: boolean,
): (Category | null)[] {
  const values = table.array(column) as unknown[];
  const out: (Category | null)[] = new Array(values.length);
  let kind: string | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) {
      if (!allowMissing) {
        throw new ValueError({
          where,
          problem: `column "${column}" has a missing value at row ${i}`,
          expected: 'a category in every row',
          received: { column, row: i, value: v },
          fix: "Fill it first, e.g. new SimpleImputer({ strategy: 'constant', fillValue: 'missing' })",
        });
      }
      out[i] = null;
      continue;
    }
    const type = typeof v;
    if (
      (type !== 'string' && type !== 'number' && type !== 'boolean') ||
      (type === 'number' && !Number.isFinite(v))
    ) {
      throw new DTypeError({
        where,
        problem: `column "${column}" holds a value that is not a string, finite number or boolean at row ${i}`,
        expected: 'strings, finite numbers or booleans',
        received: { column, row: i, value: v },
      });
    }
    if (kind === null) kind = type;
    else if (kind !== type) {
      throw new DTypeError({
        where,
        problem: `column "${column}" mixes ${kind}s and ${type}s`,
        expected: 'categories of one kind per column',
        received: { column, row: i, value: v },
        fix: 'Convert the column to one type first, e.g. table.derive({ c: d => d.c + "" }) for strings',
      });
    }
    out[i] = v as Category;
  }
  return out;
}

/** The distinct values, sorted as numpy sorts them (numbers ascending, strings by code unit, false < true). */
export function sortedUnique(values: readonly (Category | null)[]): Category[] {
  const unique = [...new Set(values.filter((v): v is Category => v !== null))];
  return unique.sort(compareCategories);
}

export function compareCategories(a: Category, b: Category): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Checks a saved list of category lists: non-empty arrays of strings, numbers or booleans. */
export function isCategoryLists(value: unknown, length: number): value is Category[][] {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every(
      (list) =>
        Array.isArray(list) &&
        list.length > 0 &&
        list.every(
          (v) =>
            typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)),
        ),
    )
  );
}

/** Throws the ValueError for a category not seen in fit, suggesting a close one. */
export function unknownCategory(
  where: string,
  column: string,
  row: number,
  value: unknown,
  categories: Category[],
  option?: string,
): never {
  const suggestion = typeof value === 'string' ? closestName(value, categories.map(String)) : undefined;
  throw new ValueError({
    where,
    problem: `column "${column}" has a category not seen in fit at row ${row}`,
    expected: `one of: ${categories.map((c) => JSON.stringify(c)).join(', ')}`,
    received: { column, row, value },
    fix: `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Fit on data with every category${option ? `, or pass ${option}` : ''}`,
  });
}
