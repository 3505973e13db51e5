import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { fitColumns, readNumeric } from './columns.js';
import { checkTensorWidth, mapNumericColumns } from './numeric.js';
import type { TensorOp } from './ops.js';
import { requireFitted, StateReader } from './state.js';
import type { Transform } from './transform.js';

export interface StandardScalerOptions {
  /** Columns to scale; default: every numeric column of the table given to `fit`. */
  columns?: string[];
  /** Subtract the mean (default true). */
  withMean?: boolean;
  /** Divide by the standard deviation (default true). */
  withStd?: boolean;
}

export interface StandardScalerState {
  className: 'StandardScaler';
  columns: string[];
  mean: number[];
  scale: number[];
  var: number[];
  nSamples: number;
  withMean: boolean;
  withStd: boolean;
}

const EPS = 2 ** -52;

/**
 * Standardizes columns: `(x − mean) / scale`, like scikit-learn's StandardScaler.
 *
 * `fit` computes each column's mean and population variance (ddof 0) in float64 with the
 * corrected two-pass algorithm scikit-learn uses, and sets the scale of a constant column to 1
 * (scikit-learn's rule: variance within rounding error of zero, so such a column maps to 0
 * instead of blowing up). Unlike scikit-learn, the mean and variance are stored even when
 * `withMean`/`withStd` is off (then they are simply not applied; `scale` is all ones without
 * `withStd`), and missing values in the fit data are an error rather than ignored.
 *
 * Tables: `transform`/`inverseTransform` return a new table with the fitted columns as float64
 * and every other column untouched; NaN and null pass through as NaN. Tensors:
 * `transformTensor`/`inverseTransformTensor` are synchronous (usable inside `tf.tidy`), take
 * [rows, columns] in the fitted column order and return a new float32 tensor the caller owns.
 */
export class StandardScaler implements Transform<StandardScalerState> {
  readonly className = 'StandardScaler';
  private options: { columns?: string[]; withMean: boolean; withStd: boolean };
  private state: StandardScalerState | null = null;

  constructor(options: StandardScalerOptions = {}) {
    const withMean = options.withMean ?? true;
    const withStd = options.withStd ?? true;
    if (typeof withMean !== 'boolean' || typeof withStd !== 'boolean') {
      throw new ConfigError({
        where: 'StandardScaler.constructor',
        problem: 'withMean and withStd must be booleans',
        received: { withMean, withStd },
      });
    }
    this.options = { withMean, withStd, ...(options.columns ? { columns: [...options.columns] } : {}) };
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  /** The fitted columns, in order (before fitting: the columns asked for, if any). */
  get columns(): string[] {
    return [...(this.state?.columns ?? this.options.columns ?? [])];
  }

  /** Per-column means (a copy; empty before fitting). */
  get mean(): Float64Array {
    return Float64Array.from(this.state?.mean ?? []);
  }

  /** Per-column divisors: the standard deviation, 1 for constant columns or without `withStd`. */
  get scale(): Float64Array {
    return Float64Array.from(this.state?.scale ?? []);
  }

  /** Per-column population variances. */
  get var(): Float64Array {
    return Float64Array.from(this.state?.var ?? []);
  }

  get nSamples(): number {
    return this.state?.nSamples ?? 0;
  }

  async fit(table: ColumnTable, columns?: string[]): Promise<this> {
    const where = 'StandardScaler.fit';
    const names = fitColumns(table, columns, this.options.columns, where);
    const n = table.numRows();
    const mean: number[] = [];
    const variance: number[] = [];
    const scale: number[] = [];
    for (const name of names) {
      const x = readNumeric(table, name, where, 'error');
      const m = x.reduce((a, b) => a + b, 0) / n;
      // Corrected two-pass variance (Chan, Golub & LeVeque), as scikit-learn computes it.
      let sumSq = 0;
      let sum = 0;
      for (const v of x) {
        sumSq += (v - m) ** 2;
        sum += v - m;
      }
      const v = (sumSq - (sum * sum) / n) / n;
      const constant = v <= n * EPS * v + (n * m * EPS) ** 2;
      mean.push(m);
      variance.push(v);
      scale.push(this.options.withStd && !constant ? Math.sqrt(v) : 1);
    }
    // State is replaced only now, after every check passed.
    this.state = {
      className: 'StandardScaler',
      columns: names,
      mean,
      scale,
      var: variance,
      nSamples: n,
      withMean: this.options.withMean,
      withStd: this.options.withStd,
    };
    return this;
  }

  async transform(table: ColumnTable): Promise<ColumnTable> {
    return this.apply(table, 'StandardScaler.transform', (v, m, s) => (v - m) / s);
  }

  async inverseTransform(table: ColumnTable): Promise<ColumnTable> {
    return this.apply(table, 'StandardScaler.inverseTransform', (v, m, s) => v * s + m);
  }

  async fitTransform(table: ColumnTable, columns?: string[]): Promise<ColumnTable> {
    await this.fit(table, columns);
    return this.transform(table);
  }

  /** `(x − mean) / scale` on a [rows, columns] tensor; sync. The caller owns the result. */
  transformTensor(x: tf.Tensor2D): tf.Tensor2D {
    const state = this.checkTensor(x, 'StandardScaler.transformTensor');
    return tf.tidy(() => {
      let out: tf.Tensor2D = x.dtype === 'float32' ? tf.clone(x) : tf.cast(x, 'float32');
      if (state.withMean) out = tf.sub(out, tf.tensor1d(state.mean, 'float32'));
      if (state.withStd) out = tf.div(out, tf.tensor1d(state.scale, 'float32'));
      return out;
    });
  }

  /** `y · scale + mean` on a [rows, columns] tensor; sync. The caller owns the result. */
  inverseTransformTensor(y: tf.Tensor2D): tf.Tensor2D {
    const state = this.checkTensor(y, 'StandardScaler.inverseTransformTensor');
    return tf.tidy(() => {
      let out: tf.Tensor2D = y.dtype === 'float32' ? tf.clone(y) : tf.cast(y, 'float32');
      if (state.withStd) out = tf.mul(out, tf.tensor1d(state.scale, 'float32'));
      if (state.withMean) out = tf.add(out, tf.tensor1d(state.mean, 'float32'));
      return out;
    });
  }

  /** The transform as tensor ops (see {@link TensorOp}): Sub mean, Div scale, for the enabled steps. */
  toOps(): TensorOp[] {
    const s = this.requireState('StandardScaler.toOps');
    return [
      ...(s.withMean ? [{ op: 'sub' as const, value: [...s.mean] }] : []),
      ...(s.withStd ? [{ op: 'div' as const, value: [...s.scale] }] : []),
    ];
  }

  /** The inverse as tensor ops: Mul scale, Add mean (e.g. to bake a target's inverse into an export). */
  inverseToOps(): TensorOp[] {
    const s = this.requireState('StandardScaler.inverseToOps');
    return [
      ...(s.withStd ? [{ op: 'mul' as const, value: [...s.scale] }] : []),
      ...(s.withMean ? [{ op: 'add' as const, value: [...s.mean] }] : []),
    ];
  }

  getState(): StandardScalerState {
    const state = this.requireState('StandardScaler.getState');
    return {
      ...state,
      columns: [...state.columns],
      mean: [...state.mean],
      scale: [...state.scale],
      var: [...state.var],
    };
  }

  setState(state: StandardScalerState): this {
    const read: StateReader = new StateReader(state, 'StandardScaler.setState', 'StandardScaler');
    const columns = read.strings('columns');
    const k = columns.length;
    const scale = Array.from(read.numbers('scale', k));
    if (scale.some((s) => s <= 0)) read.fail('state.scale has a value ≤ 0', { scale });
    const next: StandardScalerState = {
      className: 'StandardScaler',
      columns,
      mean: Array.from(read.numbers('mean', k)),
      scale,
      var: Array.from(read.numbers('var', k)),
      nSamples: read.count('nSamples'),
      withMean: read.boolean('withMean'),
      withStd: read.boolean('withStd'),
    };
    // A restored scaler refits the way it was configured.
    this.options = { columns: [...columns], withMean: next.withMean, withStd: next.withStd };
    this.state = next;
    return this;
  }

  static fromState(state: StandardScalerState): StandardScaler {
    return new StandardScaler().setState(state);
  }

  private requireState(where: string): StandardScalerState {
    requireFitted(this.state !== null, where, this.className);
    return this.state as StandardScalerState;
  }

  private apply(
    table: ColumnTable,
    where: string,
    f: (v: number, mean: number, scale: number) => number,
  ): ColumnTable {
    const state = this.requireState(where);
    return mapNumericColumns(table, state.columns, where, (x, j) => {
      const m = state.withMean ? (state.mean[j] as number) : 0;
      const s = state.withStd ? (state.scale[j] as number) : 1;
      for (let i = 0; i < x.length; i++) x[i] = f(x[i] as number, m, s);
    });
  }

  private checkTensor(x: tf.Tensor2D, where: string): StandardScalerState {
    const state = this.requireState(where);
    checkTensorWidth(x, state.columns, where);
    return state;
  }
}
