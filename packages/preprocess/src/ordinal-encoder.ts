import { ConfigError, ValueError } from '@weft/core';
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
import { mapColumns } from './map-columns.js';
import { requireFitted, StateReader } from './state.js';
import type { Transform } from './transform.js';

export interface OrdinalEncoderOptions {
  /** Columns to encode; default: every column of strings or booleans. */
  columns?: string[];
  /** A category not seen in fit: 'error' (default) throws, 'useEncodedValue' writes `unknownValue`. */
  handleUnknown?: 'error' | 'useEncodedValue';
  /** The code for unseen categories with 'useEncodedValue': a negative integer or NaN (default NaN). */
  unknownValue?: number;
}

export interface OrdinalEncoderState {
  className: 'OrdinalEncoder';
  columns: string[];
  categories: Category[][];
  handleUnknown: 'error' | 'useEncodedValue';
  /** null stands for NaN (JSON has no NaN). */
  unknownValue: number | null;
}

/**
 * Replaces each category by its index among the sorted categories seen in fit (float64 codes, in
 * place), like scikit-learn's OrdinalEncoder. Unseen categories throw, or with
 * `handleUnknown: 'useEncodedValue'` become `unknownValue`; missing values are an error.
 * `inverseTransform` maps codes back, `unknownValue` to null.
 * Export: ONNX `ai.onnx.ml.LabelEncoder` (`keys_*` = categories, `values_floats` = 0…k−1,
 * `default_float` = unknownValue), or feed the codes as integer inputs; see the README's Export section.
 */
export class OrdinalEncoder implements Transform<OrdinalEncoderState> {
  readonly className = 'OrdinalEncoder';
  private options: { columns?: string[]; handleUnknown: 'error' | 'useEncodedValue'; unknownValue: number };
  private state: OrdinalEncoderState | null = null;

  constructor(options: OrdinalEncoderOptions = {}) {
    const handleUnknown = options.handleUnknown ?? 'error';
    const unknownValue = options.unknownValue ?? Number.NaN;
    const where = 'OrdinalEncoder.constructor';
    if (handleUnknown !== 'error' && handleUnknown !== 'useEncodedValue') {
      throw new ConfigError({
        where,
        problem: 'handleUnknown is not supported',
        expected: "'error' or 'useEncodedValue'",
        received: { handleUnknown },
      });
    }
    if (!(Number.isNaN(unknownValue) || (Number.isInteger(unknownValue) && unknownValue < 0))) {
      throw new ConfigError({
        where,
        problem: 'unknownValue could be mistaken for a real code',
        expected: 'NaN or a negative integer such as -1',
        received: { unknownValue },
      });
    }
    this.options = {
      handleUnknown,
      unknownValue,
      ...(options.columns ? { columns: [...options.columns] } : {}),
    };
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  get columns(): string[] {
    return [...(this.state?.columns ?? this.options.columns ?? [])];
  }

  get categories(): Category[][] {
    return (this.state?.categories ?? []).map((c) => [...c]);
  }

  async fit(table: ColumnTable, columns?: string[]): Promise<this> {
    const where = 'OrdinalEncoder.fit';
    const names = fitColumns(table, columns, this.options.columns, where, {
      pick: categoricalColumns,
      kind: 'string or boolean',
    });
    const categories = names.map((name) => sortedUnique(readCategories(table, name, where, false)));
    const { handleUnknown, unknownValue } = this.options;
    this.state = {
      className: 'OrdinalEncoder',
      columns: names,
      categories,
      handleUnknown,
      unknownValue: Number.isNaN(unknownValue) ? null : unknownValue,
    };
    return this;
  }

  async transform(table: ColumnTable): Promise<ColumnTable> {
    const where = 'OrdinalEncoder.transform';
    const state = this.requireState(where);
    const unknown = state.unknownValue ?? Number.NaN;
    return mapColumns(table, state.columns, where, (name, j) => {
      const categories = state.categories[j] as Category[];
      const index = new Map(categories.map((c, k) => [c, k]));
      return Float64Array.from(readCategories(table, name, where, false), (v, i) => {
        const k = index.get(v as Category);
        if (k !== undefined) return k;
        if (state.handleUnknown === 'error')
          unknownCategory(where, name, i, v, categories, "{ handleUnknown: 'useEncodedValue' }");
        return unknown;
      });
    });
  }

  async inverseTransform(table: ColumnTable): Promise<ColumnTable> {
    const where = 'OrdinalEncoder.inverseTransform';
    const state = this.requireState(where);
    return mapColumns(table, state.columns, where, (name, j) => {
      const categories = state.categories[j] as Category[];
      return Array.from(table.array(name) as ArrayLike<unknown>, (code, i) => {
        if (typeof code === 'number' && Number.isInteger(code) && code >= 0 && code < categories.length)
          return categories[code] as Category;
        const isUnknown =
          state.handleUnknown === 'useEncodedValue' &&
          (state.unknownValue === null ? Number.isNaN(code) : code === state.unknownValue);
        if (isUnknown) return null;
        throw new ValueError({
          where,
          problem: `column "${name}" holds a value that is not a code at row ${i}`,
          expected: `integers from 0 to ${categories.length - 1}`,
          received: { column: name, row: i, value: code },
        });
      });
    });
  }

  async fitTransform(table: ColumnTable, columns?: string[]): Promise<ColumnTable> {
    await this.fit(table, columns);
    return this.transform(table);
  }

  getState(): OrdinalEncoderState {
    return JSON.parse(JSON.stringify(this.requireState('OrdinalEncoder.getState'))) as OrdinalEncoderState;
  }

  setState(state: OrdinalEncoderState): this {
    const read: StateReader = new StateReader(state, 'OrdinalEncoder.setState', 'OrdinalEncoder');
    const columns = read.strings('columns');
    const categories = read.raw('categories');
    if (!isCategoryLists(categories, columns.length)) {
      read.fail(`state.categories is not ${columns.length} non-empty lists of categories`, { categories });
    }
    const handleUnknown = read.raw('handleUnknown');
    if (handleUnknown !== 'error' && handleUnknown !== 'useEncodedValue')
      read.fail('state.handleUnknown is not supported', { handleUnknown });
    const unknownValue = read.raw('unknownValue');
    if (!(unknownValue === null || (Number.isInteger(unknownValue) && (unknownValue as number) < 0))) {
      read.fail('state.unknownValue is neither null nor a negative integer', { unknownValue });
    }
    const code = unknownValue as number | null;
    this.options = { columns: [...columns], handleUnknown, unknownValue: code ?? Number.NaN };
    this.state = {
      className: 'OrdinalEncoder',
      columns,
      categories: categories.map((c) => [...c]),
      handleUnknown,
      unknownValue: code,
    };
    return this;
  }

  static fromState(state: OrdinalEncoderState): OrdinalEncoder {
    return new OrdinalEncoder().setState(state);
  }

  private requireState(where: string): OrdinalEncoderState {
    requireFitted(this.state !== null, where, this.className);
    return this.state as OrdinalEncoderState;
  }
}
