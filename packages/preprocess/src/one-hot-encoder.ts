import { ConfigError, ValueError } from '@weft/core';
import { assertColumns } from '@weft/data';
import type { ColumnTable } from 'arquero';
import {
  type Category,
  categoricalColumns,
  isCategoryLists,
  readCategories,
  sortedUnique,
  unknownCategory,
} from './categories.js';
import { fitColumns } from './columns.js';
import { requireFitted, StateReader } from './state.js';
import type { Transform } from './transform.js';

export interface OneHotEncoderOptions {
  /** Columns to encode; default: every column of strings or booleans. */
  columns?: string[];
  /** A category not seen in fit: 'error' (default) throws, 'ignore' encodes it as all zeros. */
  handleUnknown?: 'error' | 'ignore';
}

export interface OneHotEncoderState {
  className: 'OneHotEncoder';
  columns: string[];
  /** Sorted categories per column. */
  categories: Category[][];
  handleUnknown: 'error' | 'ignore';
}

/**
 * One indicator column per category, like scikit-learn's OneHotEncoder (dense output, categories
 * sorted, output columns named `<column>_<category>` as in `get_feature_names_out`). Each encoded
 * column is replaced, at its position, by its indicator columns (float64 0/1); other columns are
 * untouched. Missing values are an error (impute them first, e.g. with a constant).
 * `inverseTransform` puts the category columns back; an all-zero row (an ignored unknown) gives null.
 * Export: ONNX `ai.onnx.ml.OneHotEncoder` (`cats_strings`/`cats_int64s` = `categories[j]`, `zeros = 1`
 * for 'ignore'), or ordinal codes plus ONNX `OneHot`; see the README's Export section.
 */
export class OneHotEncoder implements Transform<OneHotEncoderState> {
  readonly className = 'OneHotEncoder';
  private options: { columns?: string[]; handleUnknown: 'error' | 'ignore' };
  private state: OneHotEncoderState | null = null;

  constructor(options: OneHotEncoderOptions = {}) {
    const handleUnknown = options.handleUnknown ?? 'error';
    if (handleUnknown !== 'error' && handleUnknown !== 'ignore') {
      throw new ConfigError({
        where: 'OneHotEncoder.constructor',
        problem: 'handleUnknown is not supported',
        expected: "'error' or 'ignore'",
        received: { handleUnknown },
      });
    }
    this.options = { handleUnknown, ...(options.columns ? { columns: [...options.columns] } : {}) };
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  get columns(): string[] {
    return [...(this.state?.columns ?? this.options.columns ?? [])];
  }

  /** Sorted categories per fitted column (copies). */
  get categories(): Category[][] {
    return (this.state?.categories ?? []).map((c) => [...c]);
  }

  /** The output column names per fitted column, `<column>_<category>`. */
  get outputColumns(): string[][] {
    const state = this.state;
    return state ? state.columns.map((c, j) => outputNames(c, state.categories[j] as Category[])) : [];
  }

  async fit(table: ColumnTable, columns?: string[]): Promise<this> {
    const where = 'OneHotEncoder.fit';
    const names = fitColumns(table, columns, this.options.columns, where, {
      pick: categoricalColumns,
      kind: 'string or boolean',
    });
    const categories = names.map((name) => sortedUnique(readCategories(table, name, where, false)));
    const next: OneHotEncoderState = {
      className: 'OneHotEncoder',
      columns: names,
      categories,
      handleUnknown: this.options.handleUnknown,
    };
    checkOutputNames(table, next, where);
    this.state = next;
    return this;
  }

  async transform(table: ColumnTable): Promise<ColumnTable> {
    const where = 'OneHotEncoder.transform';
    const state = this.requireState(where);
    assertColumns(table, state.columns, where);
    checkOutputNames(table, state, where);
    const added: Record<string, Float64Array> = {};
    const replacement = new Map<string, string[]>();
    state.columns.forEach((name, j) => {
      const categories = state.categories[j] as Category[];
      const names = outputNames(name, categories);
      const index = new Map(categories.map((c, k) => [c, k]));
      const values = readCategories(table, name, where, false);
      const indicators = names.map(() => new Float64Array(values.length));
      values.forEach((v, i) => {
        const k = index.get(v as Category);
        if (k !== undefined) (indicators[k] as Float64Array)[i] = 1;
        else if (state.handleUnknown === 'error')
          unknownCategory(where, name, i, v, categories, "{ handleUnknown: 'ignore' }");
      });
      names.forEach((out, k) => {
        added[out] = indicators[k] as Float64Array;
      });
      replacement.set(name, names);
    });
    const order = table.columnNames().flatMap((c) => replacement.get(c) ?? [c]);
    return table.assign(added).select(order);
  }

  async inverseTransform(table: ColumnTable): Promise<ColumnTable> {
    const where = 'OneHotEncoder.inverseTransform';
    const state = this.requireState(where);
    const groups = state.columns.map((c, j) => outputNames(c, state.categories[j] as Category[]));
    assertColumns(table, groups.flat(), where);
    const restored: Record<string, (Category | null)[]> = {};
    const firstOf = new Map<string, string>();
    const dropped = new Set(groups.flat());
    state.columns.forEach((name, j) => {
      const categories = state.categories[j] as Category[];
      const indicator = (groups[j] as string[]).map((c) => table.array(c) as ArrayLike<number>);
      restored[name] = Array.from({ length: table.numRows() }, (_, i) => {
        // The largest indicator wins, as in scikit-learn; an all-zero row was an ignored unknown.
        let best = -1;
        let bestValue = 0;
        indicator.forEach((col, k) => {
          if ((col[i] as number) > bestValue) {
            best = k;
            bestValue = col[i] as number;
          }
        });
        return best === -1 ? null : (categories[best] as Category);
      });
      firstOf.set((groups[j] as string[])[0] as string, name);
    });
    const order = table
      .columnNames()
      .flatMap((c) => (firstOf.has(c) ? [firstOf.get(c) as string] : dropped.has(c) ? [] : [c]));
    return table.assign(restored).select(order);
  }

  async fitTransform(table: ColumnTable, columns?: string[]): Promise<ColumnTable> {
    await this.fit(table, columns);
    return this.transform(table);
  }

  getState(): OneHotEncoderState {
    return JSON.parse(JSON.stringify(this.requireState('OneHotEncoder.getState'))) as OneHotEncoderState;
  }

  setState(state: OneHotEncoderState): this {
    const read: StateReader = new StateReader(state, 'OneHotEncoder.setState', 'OneHotEncoder');
    const columns = read.strings('columns');
    const categories = read.raw('categories');
    if (!isCategoryLists(categories, columns.length)) {
      read.fail(`state.categories is not ${columns.length} non-empty lists of categories`, { categories });
    }
    const handleUnknown = read.raw('handleUnknown');
    if (handleUnknown !== 'error' && handleUnknown !== 'ignore')
      read.fail('state.handleUnknown is not supported', { handleUnknown });
    this.options = { columns: [...columns], handleUnknown };
    this.state = {
      className: 'OneHotEncoder',
      columns,
      categories: categories.map((c) => [...c]),
      handleUnknown,
    };
    return this;
  }

  static fromState(state: OneHotEncoderState): OneHotEncoder {
    return new OneHotEncoder().setState(state);
  }

  private requireState(where: string): OneHotEncoderState {
    requireFitted(this.state !== null, where, this.className);
    return this.state as OneHotEncoderState;
  }
}

function outputNames(column: string, categories: readonly Category[]): string[] {
  return categories.map((c) => `${column}_${String(c)}`);
}

/** Output names must be distinct and must not overwrite a column that is kept. */
function checkOutputNames(table: ColumnTable, state: OneHotEncoderState, where: string): void {
  const kept = new Set(table.columnNames().filter((c) => !state.columns.includes(c)));
  const seen = new Set<string>();
  state.columns.forEach((column, j) => {
    for (const name of outputNames(column, state.categories[j] as Category[])) {
      if (!seen.has(name) && !kept.has(name)) {
        seen.add(name);
        continue;
      }
      throw new ValueError({
        where,
        problem: `the output column "${name}" would ${kept.has(name) ? 'overwrite a column of the table' : 'appear twice'}`,
        expected: 'output names <column>_<category> that are new and distinct',
        received: { column, output: name },
        fix: 'Rename the clashing column first',
      });
    }
  });
}
