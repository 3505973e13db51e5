import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { fitColumns, readNumeric } from './columns.js';
import { checkTensorWidth, mapNumericColumns } from './numeric.js';
import type { TensorOp } from './ops.js';
import { requireFitted, StateReader } from './state.js';
import type { Transform } from './transform.js';

export interface MinMaxScalerOptions {
  /** Columns to scale; default: every numeric column of the table given to `fit`. */
  columns?: string[];
  /** Target range [low, high] of the training data (default [0, 1]). */
  featureRange?: [number, number];
  /** Clip transformed values of new data into featureRange (default false). */
  clip?: boolean;
}

export interface MinMaxScalerState {
  className: 'MinMaxScaler';
  columns: string[];
  dataMin: number[];
  dataMax: number[];
  /** Multiplier per column: (high − low) / (max − min), with a zero range counted as 1. */
  scale: number[];
  /** Offset per column: low − min · scale. */
  min: number[];
  featureRange: [number, number];
  clip: boolean;
  nSamples: number;
}

const EPS = 2 ** -52;

/**
 * Scales columns linearly so the training data spans `featureRange`: `x · scale + min`, like
 * scikit-learn's MinMaxScaler (same attributes: `scale`, `min`, `dataMin`, `dataMax`). A
 * constant column gets scale 1 (scikit-learn's rule for a range within rounding of zero) and so
 * maps to `low`. Missing values in the fit data are an error; in transform they pass through
 * as NaN. Tensor forms are synchronous and return a new float32 tensor the caller owns.
 */
export class MinMaxScaler implements Transform<MinMaxScalerState> {
  readonly className = 'MinMaxScaler';
  private options: { columns?: string[]; featureRange: [number, number]; clip: boolean };
  private state: MinMaxScalerState | null = null;

  constructor(options: MinMaxScalerOptions = {}) {
    const featureRange = options.featureRange ?? [0, 1];
    const [low, high] = featureRange;
    if (
      !Array.isArray(featureRange) ||
      featureRange.length !== 2 ||
      !(Number.isFinite(low) && Number.isFinite(high) && low < high)
    ) {
      throw new ConfigError({
        where: 'MinMaxScaler.constructor',
        problem: 'featureRange is not an increasing pair of finite numbers',
        expected: '[low, high] with low < high, such as [0, 1] or [-1, 1]',
        received: { featureRange },
      });
    }
    this.options = {
      featureRange: [low, high],
      clip: options.clip ?? false,
      ...(options.columns ? { columns: [...options.columns] } : {}),
    };
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  get columns(): string[] {
    return [...(this.state?.columns ?? this.options.columns ?? [])];
  }

  get scale(): Float64Array {
    return Float64Array.from(this.state?.scale ?? []);
  }

  get min(): Float64Array {
    return Float64Array.from(this.state?.min ?? []);
  }

  get dataMin(): Float64Array {
    return Float64Array.from(this.state?.dataMin ?? []);
  }

  get dataMax(): Float64Array {
    return Float64Array.from(this.state?.dataMax ?? []);
  }

  async fit(table: ColumnTable, columns?: string[]): Promise<this> {
    const where = 'MinMaxScaler.fit';
    const names = fitColumns(table, columns, this.options.columns, where);
    const [low, high] = this.options.featureRange;
    const dataMin: number[] = [];
    const dataMax: number[] = [];
    const scale: number[] = [];
    const min: number[] = [];
    for (const name of names) {
      const x = readNumeric(table, name, where, 'error');
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const v of x) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const range = hi - lo;
      const s = (high - low) / (range < 10 * EPS ? 1 : range);
      dataMin.push(lo);
      dataMax.push(hi);
      scale.push(s);
      min.push(low - lo * s);
    }
    this.state = {
      className: 'MinMaxScaler',
      columns: names,
      dataMin,
      dataMax,
      scale,
      min,
      featureRange: [low, high],
      clip: this.options.clip,
      nSamples: table.numRows(),
    };
    return this;
  }

  async transform(table: ColumnTable): Promise<ColumnTable> {
    const where = 'MinMaxScaler.transform';
    const state = this.requireState(where);
    const [low, high] = state.featureRange;
    return mapNumericColumns(table, state.columns, where, (x, j) => {
      const s = state.scale[j] as number;
      const m = state.min[j] as number;
      for (let i = 0; i < x.length; i++) {
        let v = (x[i] as number) * s + m;
        if (state.clip) v = Math.min(Math.max(v, low), high);
        x[i] = v;
      }
    });
  }

  async inverseTransform(table: ColumnTable): Promise<ColumnTable> {
    const where = 'MinMaxScaler.inverseTransform';
    const state = this.requireState(where);
    return mapNumericColumns(table, state.columns, where, (x, j) => {
      const s = state.scale[j] as number;
      const m = state.min[j] as number;
      for (let i = 0; i < x.length; i++) x[i] = ((x[i] as number) - m) / s;
    });
  }

  async fitTransform(table: ColumnTable, columns?: string[]): Promise<ColumnTable> {
    await this.fit(table, columns);
    return this.transform(table);
  }

  /** `x · scale + min` (clipped when `clip`) on a [rows, columns] tensor; sync. The caller owns the result. */
  transformTensor(x: tf.Tensor2D): tf.Tensor2D {
    const where = 'MinMaxScaler.transformTensor';
    const state = this.requireState(where);
    checkTensorWidth(x, state.columns, where);
    return tf.tidy(() => {
      const input = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
      const out = tf.add(
        tf.mul(input, tf.tensor1d(state.scale, 'float32')),
        tf.tensor1d(state.min, 'float32'),
      );
      return state.clip ? tf.clipByValue(out, state.featureRange[0], state.featureRange[1]) : out;
    }) as tf.Tensor2D;
  }

  /** `(y − min) / scale` on a [rows, columns] tensor; sync. The caller owns the result. */
  inverseTransformTensor(y: tf.Tensor2D): tf.Tensor2D {
    const where = 'MinMaxScaler.inverseTransformTensor';
    const state = this.requireState(where);
    checkTensorWidth(y, state.columns, where);
    return tf.tidy(() => {
      const input = y.dtype === 'float32' ? y : tf.cast(y, 'float32');
      return tf.div(tf.sub(input, tf.tensor1d(state.min, 'float32')), tf.tensor1d(state.scale, 'float32'));
    });
  }

  /** The transform as tensor ops (see {@link TensorOp}): Mul scale, Add min, then Clip when `clip`. */
  toOps(): TensorOp[] {
    const s = this.requireState('MinMaxScaler.toOps');
    return [
      { op: 'mul', value: [...s.scale] },
      { op: 'add', value: [...s.min] },
      ...(s.clip ? [{ op: 'clip' as const, min: s.featureRange[0], max: s.featureRange[1] }] : []),
    ];
  }

  /** The inverse as tensor ops: Sub min, Div scale. */
  inverseToOps(): TensorOp[] {
    const s = this.requireState('MinMaxScaler.inverseToOps');
    return [
      { op: 'sub', value: [...s.min] },
      { op: 'div', value: [...s.scale] },
    ];
  }

  getState(): MinMaxScalerState {
    const s = this.requireState('MinMaxScaler.getState');
    return JSON.parse(JSON.stringify(s)) as MinMaxScalerState;
  }

  setState(state: MinMaxScalerState): this {
    const read: StateReader = new StateReader(state, 'MinMaxScaler.setState', 'MinMaxScaler');
    const columns = read.strings('columns');
    const k = columns.length;
    const raw = read.raw('featureRange');
    const range = raw as [number, number];
    if (!Array.isArray(raw) || raw.length !== 2 || !raw.every(Number.isFinite) || !(range[0] < range[1])) {
      read.fail('state.featureRange is not an increasing pair of finite numbers', { featureRange: raw });
    }
    const scale = Array.from(read.numbers('scale', k));
    if (scale.some((s) => s === 0)) read.fail('state.scale has a zero', { scale });
    const next: MinMaxScalerState = {
      className: 'MinMaxScaler',
      columns,
      dataMin: Array.from(read.numbers('dataMin', k)),
      dataMax: Array.from(read.numbers('dataMax', k)),
      scale,
      min: Array.from(read.numbers('min', k)),
      featureRange: [range[0], range[1]],
      clip: read.boolean('clip'),
      nSamples: read.count('nSamples'),
    };
    this.options = { columns: [...columns], featureRange: [...next.featureRange], clip: next.clip };
    this.state = next;
    return this;
  }

  static fromState(state: MinMaxScalerState): MinMaxScaler {
    return new MinMaxScaler().setState(state);
  }

  private requireState(where: string): MinMaxScalerState {
    requireFitted(this.state !== null, where, this.className);
    return this.state as MinMaxScalerState;
  }
}
