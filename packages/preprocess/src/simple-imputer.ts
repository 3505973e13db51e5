import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError, ValueError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { type Category, compareCategories, isMissing, readCategories } from './categories.js';
import { fitColumns, numericColumns } from './columns.js';
import { mapColumns } from './map-columns.js';
import { checkTensorWidth } from './numeric.js';
import type { TensorOp } from './ops.js';
import { requireFitted, StateReader } from './state.js';
import type { Transform } from './transform.js';

export type ImputeStrategy = 'mean' | 'median' | 'mostFrequent' | 'constant';
const STRATEGIES: readonly ImputeStrategy[] = ['mean', 'median', 'mostFrequent', 'constant'];

export interface SimpleImputerOptions {
  /** Columns to fill; default: numeric columns for mean and median, every column otherwise. */
  columns?: string[];
  /** How to compute each column's fill value (default 'mean'). */
  strategy?: ImputeStrategy;
  /** The fill value for 'constant' (default 0 for numeric columns, 'missing_value' for others). */
  fillValue?: Category;
}

export interface SimpleImputerState {
  className: 'SimpleImputer';
  columns: string[];
  strategy: ImputeStrategy;
  /** The fill value per column (scikit-learn's `statistics_`). */
  statistics: Category[];
}

/**
 * Fills missing values (null, undefined, NaN) per column, like scikit-learn's SimpleImputer with
 * `missing_values=np.nan`: the mean or median of the present values (numeric columns), the most
 * frequent value (ties go to the smallest, as in scikit-learn), or a constant. A column with no
 * present value is an error for the computed strategies (scikit-learn drops it instead), and a
 * text fill value for a numeric column is refused, as in scikit-learn. Numeric columns come out
 * as float64. `transformTensor` fills NaN in a [rows, columns] tensor when every fill value is a
 * number.
 */
export class SimpleImputer implements Transform<SimpleImputerState> {
  readonly className = 'SimpleImputer';
  private options: { columns?: string[]; strategy: ImputeStrategy; fillValue?: Category };
  private state: SimpleImputerState | null = null;

  constructor(options: SimpleImputerOptions = {}) {
    const strategy = options.strategy ?? 'mean';
    if (!STRATEGIES.includes(strategy)) {
      throw new ConfigError({
        where: 'SimpleImputer.constructor',
        problem: 'the strategy is not supported',
        expected: `one of ${STRATEGIES.join(', ')}`,
        received: { strategy },
        fix: strategy === ('most_frequent' as never) ? "Use 'mostFrequent'" : undefined,
      });
    }
    if (options.fillValue !== undefined && strategy !== 'constant') {
      throw new ConfigError({
        where: 'SimpleImputer.constructor',
        problem: "fillValue is used only with strategy 'constant'",
        received: { strategy, fillValue: options.fillValue },
      });
    }
    this.options = {
      strategy,
      ...(options.fillValue !== undefined ? { fillValue: options.fillValue } : {}),
      ...(options.columns ? { columns: [...options.columns] } : {}),
    };
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  get columns(): string[] {
    return [...(this.state?.columns ?? this.options.columns ?? [])];
  }

  /** The fill value per fitted column. */
  get statistics(): Category[] {
    return [...(this.state?.statistics ?? [])];
  }

  async fit(table: ColumnTable, columns?: string[]): Promise<this> {
    const where = 'SimpleImputer.fit';
    const { strategy } = this.options;
    const numericOnly = strategy === 'mean' || strategy === 'median';
    const names = fitColumns(table, columns, this.options.columns, where, {
      pick: numericOnly ? numericColumns : (t) => t.columnNames(),
      kind: numericOnly ? 'numeric' : 'any',
    });
    const statistics = names.map((name) => this.statistic(table, name, where));
    this.state = { className: 'SimpleImputer', columns: names, strategy, statistics };
    return this;
  }

  async transform(table: ColumnTable): Promise<ColumnTable> {
    const where = 'SimpleImputer.transform';
    const state = this.requireState(where);
    return mapColumns(table, state.columns, where, (name, j) => {
      const fill = state.statistics[j] as Category;
      const values = table.array(name) as ArrayLike<unknown>;
      if (typeof fill === 'number' && isNumericValues(values)) {
        return Float64Array.from(values as ArrayLike<number | null>, (v) =>
          isMissing(v) ? fill : (v as number),
        );
      }
      return Array.from(values, (v) => (isMissing(v) ? fill : v));
    });
  }

  async fitTransform(table: ColumnTable, columns?: string[]): Promise<ColumnTable> {
    await this.fit(table, columns);
    return this.transform(table);
  }

  /** Replaces NaN in a [rows, columns] tensor (fitted column order) by the fill values; sync. The caller owns the result. */
  transformTensor(x: tf.Tensor2D): tf.Tensor2D {
    const where = 'SimpleImputer.transformTensor';
    const state = this.requireState(where);
    checkTensorWidth(x, state.columns, where);
    const fills = numericFills(state, where);
    return tf.tidy(() => {
      const input = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
      const fill = tf.broadcastTo(tf.tensor1d(fills as number[], 'float32'), input.shape);
      return tf.where(tf.isNaN(input), fill, input);
    }) as tf.Tensor2D;
  }

  /**
   * The transform as tensor ops (see {@link TensorOp}): one `fillNaN` (ONNX `Where(IsNaN(x), fill, x)`).
   * Only for numeric fill values; a DTypeError otherwise.
   */
  toOps(): TensorOp[] {
    const where = 'SimpleImputer.toOps';
    return [{ op: 'fillNaN', value: numericFills(this.requireState(where), where) }];
  }

  getState(): SimpleImputerState {
    return JSON.parse(JSON.stringify(this.requireState('SimpleImputer.getState'))) as SimpleImputerState;
  }

  setState(state: SimpleImputerState): this {
    const read: StateReader = new StateReader(state, 'SimpleImputer.setState', 'SimpleImputer');
    const columns = read.strings('columns');
    const strategy = read.raw('strategy') as ImputeStrategy;
    if (!STRATEGIES.includes(strategy)) read.fail('state.strategy is not supported', { strategy });
    const statistics = read.raw('statistics');
    const ok =
      Array.isArray(statistics) &&
      statistics.length === columns.length &&
      statistics.every(
        (v) =>
          typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)),
      );
    if (!ok) read.fail(`state.statistics is not ${columns.length} fill values`, { statistics });
    this.options = { columns: [...columns], strategy };
    this.state = {
      className: 'SimpleImputer',
      columns,
      strategy,
      statistics: [...(statistics as Category[])],
    };
    return this;
  }

  static fromState(state: SimpleImputerState): SimpleImputer {
    return new SimpleImputer().setState(state);
  }

  private statistic(table: ColumnTable, name: string, where: string): Category {
    const { strategy, fillValue } = this.options;
    const values = readCategories(table, name, where, true);
    const present = values.filter((v): v is Category => v !== null);
    const numeric = present.every((v) => typeof v === 'number');
    if (strategy === 'constant') {
      const fill = fillValue ?? (numeric ? 0 : 'missing_value');
      if (numeric && present.length > 0 && typeof fill !== 'number') {
        throw new DTypeError({
          where,
          problem: `the fill value for numeric column "${name}" is not a number`,
          received: { column: name, fillValue: fill },
          fix: 'Pass a numeric fillValue, or fill text columns with a separate imputer',
        });
      }
      return fill;
    }
    if (present.length === 0) {
      throw new ValueError({
        where,
        problem: `column "${name}" has no values to compute the ${strategy} from`,
        expected: 'at least one present value per column',
        received: { column: name, rows: values.length },
        fix: "Drop the column, or use { strategy: 'constant' }",
      });
    }
    if (strategy === 'mostFrequent') return mostFrequent(present);
    if (!numeric) {
      throw new DTypeError({
        where,
        problem: `column "${name}" is not numeric, so it has no ${strategy}`,
        received: { column: name },
        fix: "Use { strategy: 'mostFrequent' } or 'constant' for text columns",
      });
    }
    const xs = present as number[];
    if (strategy === 'mean') return xs.reduce((a, b) => a + b, 0) / xs.length;
    const sorted = Float64Array.from(xs).sort();
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }

  private requireState(where: string): SimpleImputerState {
    requireFitted(this.state !== null, where, this.className);
    return this.state as SimpleImputerState;
  }
}

function numericFills(state: SimpleImputerState, where: string): number[] {
  const fills = state.statistics;
  if (!fills.every((v) => typeof v === 'number')) {
    throw new DTypeError({
      where,
      problem: 'some fill values are not numbers, so they cannot go into a tensor',
      received: { statistics: fills },
      fix: 'Use the table form (transform) for text columns',
    });
  }
  return [...(fills as number[])];
}

/** The most common value; among ties the smallest, as scikit-learn picks. */
function mostFrequent(values: Category[]): Category {
  const counts = new Map<Category, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: Category | undefined;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && compareCategories(v, best as Category) < 0)) {
      best = v;
      bestCount = c;
    }
  }
  return best as Category;
}

function isNumericValues(values: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(values)) return true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' && !isMissing(v)) return false;
  }
  return true;
}
