import { ConfigError, ValueError } from '@weft/core';
import { assertColumns, assertNotEmpty } from '@weft/data';
import type { ColumnTable } from 'arquero';
import * as aq from 'arquero';
import { Compose } from './compose.js';
import { transformFromState } from './registry.js';
import { requireFitted, StateReader } from './state.js';
import type { Transform } from './transform.js';

type Special = 'drop' | 'passthrough';

/** `[name, transform, columns]`: apply `transform` (or 'drop' / 'passthrough') to `columns`. */
export type ColumnStep = readonly [name: string, transform: Transform<unknown> | Special, columns: string[]];

export interface ColumnTransformerOptions {
  /** What happens to the columns no step names: 'drop' (default, as scikit-learn) or 'passthrough'. */
  remainder?: Special;
  /**
   * Prefix every output column with its step's name, `<step>__<column>` (`remainder__<column>`
   * for the remainder), like scikit-learn's default `verbose_feature_names_out=True`. Default
   * false: output names are the steps' own, and a clash between steps is an error.
   */
  prefixNames?: boolean;
}

export interface ColumnTransformerState {
  className: 'ColumnTransformer';
  steps: { name: string; columns: string[]; transform: Special | { className: string } }[];
  remainder: Special;
  /** The columns of the fit table no step named, in table order. */
  remainderColumns: string[];
  prefixNames: boolean;
  /** The output columns, in order (scikit-learn's `get_feature_names_out()`). */
  outputColumns: string[];
}

/**
 * Applies different transforms to named groups of columns and puts the results side by side,
 * like scikit-learn's ColumnTransformer; itself a transform. The output holds each step's
 * output columns in step order, then (with `remainder: 'passthrough'`) the columns no step
 * named, in table order. Columns of a transform-time table not seen in fit are left out.
 *
 * Each step's transform is fitted on only its columns, and those columns are passed to its
 * `fit`, so a OneHotEncoder step encodes integer columns too. A `compose([...])` step receives
 * the table of its columns and each of its steps picks its own columns from it.
 *
 * A failed `fit` restores every step to its previous state. There is no `inverseTransform`
 * (scikit-learn has none either: outputs can overlap and be dropped).
 */
export class ColumnTransformer implements Transform<ColumnTransformerState> {
  readonly className = 'ColumnTransformer';
  readonly steps: readonly ColumnStep[];
  private options: { remainder: Special; prefixNames: boolean };
  private state: Omit<ColumnTransformerState, 'steps'> | null = null;

  constructor(steps: readonly ColumnStep[], options: ColumnTransformerOptions = {}) {
    const where = 'columnTransformer';
    this.steps = checkSteps(steps, where);
    const remainder = options.remainder ?? 'drop';
    const prefixNames = options.prefixNames ?? false;
    if (remainder !== 'drop' && remainder !== 'passthrough') {
      throw new ConfigError({
        where,
        problem: 'remainder is not supported',
        expected: "'drop' or 'passthrough'",
        received: { remainder },
      });
    }
    if (typeof prefixNames !== 'boolean') {
      throw new ConfigError({ where, problem: 'prefixNames is not a boolean', received: { prefixNames } });
    }
    this.options = { remainder, prefixNames };
  }

  get remainder(): Special {
    return this.options.remainder;
  }

  get prefixNames(): boolean {
    return this.options.prefixNames;
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  /** Every input column the transformer reads: the steps' columns, then any passed-through remainder. */
  get columns(): string[] {
    return [...new Set([...this.namedColumns(), ...this.remainderColumns])];
  }

  /** The output column names, in order (empty before fitting). */
  get outputColumns(): string[] {
    return [...(this.state?.outputColumns ?? [])];
  }

  /** The columns passed through as the remainder (empty with `remainder: 'drop'`). */
  get remainderColumns(): string[] {
    return this.state?.remainder === 'passthrough' ? [...this.state.remainderColumns] : [];
  }

  /** The transform of the step called `name`. */
  namedStep(name: string): Transform<unknown> | Special | undefined {
    return this.steps.find(([n]) => n === name)?.[1];
  }

  async fit(table: ColumnTable, columns?: string[]): Promise<this> {
    await this.fitTransform(table, columns);
    return this;
  }

  async fitTransform(table: ColumnTable, columns?: string[]): Promise<ColumnTable> {
    const where = 'ColumnTransformer.fit';
    if (columns !== undefined) {
      throw new ConfigError({
        where,
        problem: 'columns cannot be given to a column transformer',
        received: { columns },
        fix: 'Name the columns in its steps: columnTransformer([[name, transform, columns], ...])',
      });
    }
    assertNotEmpty(table, where);
    const named = new Set(this.namedColumns());
    assertColumns(table, [...named], where);
    const remainderColumns = table.columnNames().filter((c) => !named.has(c));
    const saved = this.steps.map(([, t]) => (typeof t === 'object' && t.fitted ? t.getState() : null));
    try {
      const parts: [string, ColumnTable][] = [];
      for (const [name, transform, cols] of this.steps) {
        if (transform === 'drop') continue;
        const sub = table.select(cols);
        if (transform === 'passthrough') parts.push([name, sub]);
        else
          parts.push([name, await transform.fitTransform(sub, takesColumns(transform) ? cols : undefined)]);
      }
      const next = { className: 'ColumnTransformer' as const, remainder: this.remainder, remainderColumns };
      const out = this.assemble(table, parts, remainderColumns, where);
      this.state = { ...next, prefixNames: this.prefixNames, outputColumns: out.columnNames() };
      return out;
    } catch (error) {
      this.steps.forEach(([, t], i) => {
        const state = saved[i];
        if (typeof t === 'object' && state !== null && state !== undefined) t.setState(state);
      });
      throw error;
    }
  }

  async transform(table: ColumnTable): Promise<ColumnTable> {
    const where = 'ColumnTransformer.transform';
    requireFitted(this.state !== null, where, this.className);
    const state = this.state as Omit<ColumnTransformerState, 'steps'>;
    assertColumns(table, this.columns, where);
    const parts: [string, ColumnTable][] = [];
    for (const [name, transform, cols] of this.steps) {
      if (transform === 'drop') continue;
      const sub = table.select(cols);
      parts.push([name, transform === 'passthrough' ? sub : await transform.transform(sub)]);
    }
    return this.assemble(table, parts, state.remainderColumns, where);
  }

  getState(): ColumnTransformerState {
    requireFitted(this.state !== null, 'ColumnTransformer.getState', this.className);
    const state = this.state as Omit<ColumnTransformerState, 'steps'>;
    return {
      className: 'ColumnTransformer',
      steps: this.steps.map(([name, transform, columns]) => ({
        name,
        columns: [...columns],
        transform:
          typeof transform === 'string' ? transform : (transform.getState() as { className: string }),
      })),
      remainder: state.remainder,
      remainderColumns: [...state.remainderColumns],
      prefixNames: state.prefixNames,
      outputColumns: [...state.outputColumns],
    };
  }

  /** Restores every step; the steps must have the same names, kinds and columns, in order. */
  setState(state: ColumnTransformerState): this {
    const read = readState(state, 'ColumnTransformer.setState');
    const steps = read.steps;
    if (steps.length !== this.steps.length) {
      read.reader.fail(`state.steps is not a list of ${this.steps.length} steps`, { steps: steps.length });
    }
    steps.forEach((s, i) => {
      const [name, transform, columns] = this.steps[i] as ColumnStep;
      const kind = typeof transform === 'string' ? transform : transform.className;
      const savedKind = typeof s.transform === 'string' ? s.transform : s.transform.className;
      if (s.name !== name || kind !== savedKind || s.columns.join('\u0000') !== columns.join('\u0000')) {
        read.reader.fail(`step ${i} is "${name}" (${kind}), but its state is "${s.name}" (${savedKind})`, {
          name: s.name,
          columns: s.columns,
        });
      }
    });
    // Every state is checked on a fresh copy before any step changes.
    const restored = steps.map((s) =>
      typeof s.transform === 'string' ? null : transformFromState(s.transform),
    );
    this.steps.forEach(([, transform], i) => {
      if (typeof transform === 'object') transform.setState((restored[i] as Transform<unknown>).getState());
    });
    this.options = { remainder: read.rest.remainder, prefixNames: read.rest.prefixNames };
    this.state = read.rest;
    return this;
  }

  static fromState(state: ColumnTransformerState): ColumnTransformer {
    const read = readState(state, 'ColumnTransformer.fromState');
    const steps = read.steps.map(
      (s): ColumnStep => [
        s.name,
        typeof s.transform === 'string' ? s.transform : transformFromState(s.transform),
        s.columns,
      ],
    );
    const restored = new ColumnTransformer(steps, {
      remainder: read.rest.remainder,
      prefixNames: read.rest.prefixNames,
    });
    restored.state = read.rest;
    return restored;
  }

  private namedColumns(): string[] {
    return [...new Set(this.steps.flatMap(([, , columns]) => columns))];
  }

  /** Puts the step outputs and the remainder side by side, checking names and row counts. */
  private assemble(
    table: ColumnTable,
    parts: [string, ColumnTable][],
    remainderColumns: string[],
    where: string,
  ): ColumnTable {
    if (this.remainder === 'passthrough') parts.push(['remainder', table.select(remainderColumns)]);
    const columns = new Map<string, ArrayLike<unknown>>();
    const owner = new Map<string, string>();
    for (const [step, out] of parts) {
      if (out.numRows() !== table.numRows()) {
        throw new ValueError({
          where,
          problem: `step "${step}" returned ${out.numRows()} rows for ${table.numRows()}`,
          expected: 'transforms that keep every row',
          received: { step, rows: out.numRows() },
        });
      }
      for (const column of out.columnNames()) {
        const name = this.prefixNames ? `${step}__${column}` : column;
        if (columns.has(name)) {
          throw new ValueError({
            where,
            problem: `steps "${owner.get(name)}" and "${step}" both output a column "${name}"`,
            expected: 'distinct output column names',
            received: { column: name },
            fix: 'Pass { prefixNames: true } to prefix each output with its step name, or rename a column',
          });
        }
        columns.set(name, out.array(column) as ArrayLike<unknown>);
        owner.set(name, step);
      }
    }
    return aq.table(columns as never, [...columns.keys()]);
  }
}

/** Applies different transforms to named column groups (see {@link ColumnTransformer}). */
export function columnTransformer(
  steps: readonly ColumnStep[],
  options: ColumnTransformerOptions = {},
): ColumnTransformer {
  return new ColumnTransformer(steps, options);
}

/** Whether a transform's `fit` takes a column list (compositions pick columns per step). */
function takesColumns(transform: Transform<unknown>): boolean {
  return !(transform instanceof Compose || transform instanceof ColumnTransformer);
}

function checkSteps(steps: readonly ColumnStep[], where: string): ColumnStep[] {
  const fail = (problem: string, received: Record<string, unknown>): never => {
    throw new ConfigError({
      where,
      problem,
      expected:
        "steps like [['num', new StandardScaler(), ['area', 'rooms']], ['cat', new OneHotEncoder(), ['kind']]]",
      received,
    });
  };
  if (!Array.isArray(steps) || steps.length === 0) fail('the steps are not a non-empty list', { steps });
  const names = new Set<string>();
  const transforms = new Set<unknown>();
  return steps.map((step) => {
    if (!Array.isArray(step) || step.length !== 3)
      return fail('a step is not [name, transform, columns]', { step });
    const [name, transform, columns] = step;
    if (typeof name !== 'string' || name === '' || name.includes('__') || name === 'remainder')
      fail('a step name is empty, contains "__" or is "remainder"', { name });
    if (names.has(name)) fail(`the step name "${name}" is used twice`, { name });
    names.add(name);
    const isTransform =
      typeof transform === 'object' &&
      transform !== null &&
      typeof transform.fitTransform === 'function' &&
      typeof transform.getState === 'function';
    if (!(transform === 'drop' || transform === 'passthrough' || isTransform))
      fail(`step "${name}" has no transform`, { transform });
    if (typeof transform === 'object') {
      if (transforms.has(transform))
        fail(`step "${name}" reuses the transform of an earlier step; give each step its own`, { name });
      transforms.add(transform);
    }
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string'))
      fail(`step "${name}" does not name a non-empty list of columns`, { columns });
    if (new Set(columns).size !== columns.length) fail(`step "${name}" lists a column twice`, { columns });
    return [name, transform, [...columns]] as const;
  });
}

function readState(state: ColumnTransformerState, where: string) {
  const reader: StateReader = new StateReader(state, where, 'ColumnTransformer');
  const raw = reader.raw('steps');
  const isStep = (s: unknown): s is ColumnTransformerState['steps'][number] => {
    const step = s as ColumnTransformerState['steps'][number] | null;
    return (
      typeof step?.name === 'string' &&
      Array.isArray(step.columns) &&
      step.columns.every((c) => typeof c === 'string') &&
      (step.transform === 'drop' ||
        step.transform === 'passthrough' ||
        typeof (step.transform as { className?: unknown } | null)?.className === 'string')
    );
  };
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every(isStep))
    reader.fail('state.steps is not a non-empty list of { name, columns, transform }', { steps: raw });
  const remainder = reader.raw('remainder') as Special;
  if (remainder !== 'drop' && remainder !== 'passthrough')
    reader.fail('state.remainder is not supported', { remainder });
  const strings = (key: string) => {
    const v = reader.raw(key);
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
      reader.fail(`state.${key} is not a list of strings`, { [key]: v });
    return [...v] as string[];
  };
  const rest = {
    className: 'ColumnTransformer' as const,
    remainder,
    remainderColumns: strings('remainderColumns'),
    prefixNames: reader.boolean('prefixNames'),
    outputColumns: strings('outputColumns'),
  };
  return { reader, steps: raw as ColumnTransformerState['steps'], rest };
}
