import { ConfigError, ValueError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import {
  type Category,
  isCategoryLists,
  readCategories,
  sortedUnique,
  unknownCategory,
} from './categories.js';
import { fitColumns } from './columns.js';
import { mapColumns } from './map-columns.js';
import { requireFitted, StateReader } from './state.js';
import type { Transform } from './transform.js';

export interface LabelEncoderOptions {
  /** The label column (a target, usually). Can also be given to `fit`. */
  column?: string;
}

export interface LabelEncoderState {
  className: 'LabelEncoder';
  columns: [string];
  /** Sorted labels; a label's code is its index. */
  classes: Category[];
}

/**
 * Encodes one label column as int32 codes 0..k−1 in sorted label order, like scikit-learn's
 * LabelEncoder (`classes` = `classes_`). Unseen labels and missing values are errors. Besides the
 * table forms, `encode`/`decode` map plain arrays synchronously, e.g. to turn a classifier's
 * predicted indices back into labels.
 * Export: a classifier's `ArgMax` then ONNX `ai.onnx.ml.LabelEncoder` (`keys_int64s` = 0…k−1,
 * `values_strings` = classes), or return indices and keep `classes` as metadata.
 */
export class LabelEncoder implements Transform<LabelEncoderState> {
  readonly className = 'LabelEncoder';
  private column: string | undefined;
  private state: LabelEncoderState | null = null;

  constructor(options: LabelEncoderOptions = {}) {
    this.column = options.column;
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  get columns(): string[] {
    return this.state ? [...this.state.columns] : this.column ? [this.column] : [];
  }

  /** The sorted labels (a copy). */
  get classes(): Category[] {
    return [...(this.state?.classes ?? [])];
  }

  async fit(table: ColumnTable, columns?: string[]): Promise<this> {
    const where = 'LabelEncoder.fit';
    const given = columns ?? (this.column ? [this.column] : undefined);
    if (given?.length !== 1) {
      throw new ConfigError({
        where,
        problem: 'a LabelEncoder encodes exactly one column',
        expected: "one column name, e.g. new LabelEncoder({ column: 'species' })",
        received: { columns: given },
        fix: 'Use OrdinalEncoder for several columns',
      });
    }
    const [name] = fitColumns(table, given, undefined, where) as [string];
    const classes = sortedUnique(readCategories(table, name, where, false));
    this.state = { className: 'LabelEncoder', columns: [name], classes };
    return this;
  }

  async transform(table: ColumnTable): Promise<ColumnTable> {
    const where = 'LabelEncoder.transform';
    const state = this.requireState(where);
    return mapColumns(table, state.columns, where, (name) =>
      this.encodeValues(table.array(name) as ArrayLike<unknown>, where, name),
    );
  }

  async inverseTransform(table: ColumnTable): Promise<ColumnTable> {
    const where = 'LabelEncoder.inverseTransform';
    const state = this.requireState(where);
    return mapColumns(table, state.columns, where, (name) =>
      this.decodeValues(table.array(name) as ArrayLike<unknown>, where, name),
    );
  }

  async fitTransform(table: ColumnTable, columns?: string[]): Promise<ColumnTable> {
    await this.fit(table, columns);
    return this.transform(table);
  }

  /** Labels → int32 codes; sync. Throws a ValueError for an unseen label. */
  encode(labels: ArrayLike<unknown>): Int32Array {
    const state = this.requireState('LabelEncoder.encode');
    return this.encodeValues(labels, 'LabelEncoder.encode', state.columns[0]);
  }

  /** Codes (e.g. a classifier's argmax, read with `await t.data()`) → labels; sync. */
  decode(codes: ArrayLike<number>): Category[] {
    const state = this.requireState('LabelEncoder.decode');
    return this.decodeValues(codes, 'LabelEncoder.decode', state.columns[0]);
  }

  getState(): LabelEncoderState {
    return JSON.parse(JSON.stringify(this.requireState('LabelEncoder.getState'))) as LabelEncoderState;
  }

  setState(state: LabelEncoderState): this {
    const read: StateReader = new StateReader(state, 'LabelEncoder.setState', 'LabelEncoder');
    const columns = read.strings('columns');
    if (columns.length !== 1) read.fail('state.columns does not name exactly one column', { columns });
    const classes = read.raw('classes');
    if (!isCategoryLists([classes], 1))
      read.fail('state.classes is not a non-empty list of labels', { classes });
    this.column = columns[0];
    this.state = {
      className: 'LabelEncoder',
      columns: [columns[0] as string],
      classes: [...(classes as Category[])],
    };
    return this;
  }

  static fromState(state: LabelEncoderState): LabelEncoder {
    return new LabelEncoder().setState(state);
  }

  private encodeValues(values: ArrayLike<unknown>, where: string, column: string): Int32Array {
    const state = this.state as LabelEncoderState;
    const index = new Map<unknown, number>(state.classes.map((c, k) => [c, k]));
    return Int32Array.from(values, (v, i) => {
      const k = index.get(v);
      if (k === undefined) unknownCategory(where, column, i, v, state.classes);
      return k;
    });
  }

  private decodeValues(codes: ArrayLike<unknown>, where: string, column: string): Category[] {
    const classes = (this.state as LabelEncoderState).classes;
    return Array.from(codes, (code, i) => {
      if (typeof code === 'number' && Number.isInteger(code) && code >= 0 && code < classes.length)
        return classes[code] as Category;
      throw new ValueError({
        where,
        problem: `column "${column}" holds a value that is not a label code at row ${i}`,
        expected: `integers from 0 to ${classes.length - 1}`,
        received: { column, row: i, value: code },
      });
    });
  }

  private requireState(where: string): LabelEncoderState {
    requireFitted(this.state !== null, where, this.className);
    return this.state as LabelEncoderState;
  }
}
