import type * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { fitColumns, readNumeric } from './columns.js';
import { normalPpf } from './normal-ppf.js';
import { checkTensorWidth, mapNumericColumns } from './numeric.js';
import { applyOps, type TensorOp } from './ops.js';
import { median, percentile } from './percentile.js';
import { requireFitted, StateReader } from './state.js';
import type { Transform } from './transform.js';

export interface RobustScalerOptions {
  /** Columns to scale; default: every numeric column of the table given to `fit`. */
  columns?: string[];
  /** Subtract the median (default true). */
  withCentering?: boolean;
  /** Divide by the interquantile range (default true). */
  withScaling?: boolean;
  /** The percentiles [low, high] whose difference is the scale, 0 ≤ low ≤ high ≤ 100 (default [25, 75]). */
  quantileRange?: [number, number];
  /** Divide the scale further so a normal column gets unit variance (default false). */
  unitVariance?: boolean;
}

export interface RobustScalerState {
  className: 'RobustScaler';
  columns: string[];
  /** Per-column medians (kept even without `withCentering`). */
  center: number[];
  /** Per-column divisors: the interquantile range (1 where it is zero), all ones without `withScaling`. */
  scale: number[];
  quantileRange: [number, number];
  withCentering: boolean;
  withScaling: boolean;
  unitVariance: boolean;
  nSamples: number;
}

const EPS = 2 ** -52;

/**
 * Scales columns with statistics that outliers barely move: `(x − median) / (q_high − q_low)`,
 * like scikit-learn's RobustScaler. Medians and percentiles are computed in float64 exactly as
 * numpy does (linear interpolation). A zero range (fewer distinct values than the quantiles
 * need, e.g. a constant column) gets scale 1, scikit-learn's rule (`< 10·ε`), so such a column
 * is only centred. With `unitVariance`, the scale is divided by `Φ⁻¹(high) − Φ⁻¹(low)` so a
 * normal column ends up with variance about 1. Missing values in the fit data are an error
 * (scikit-learn ignores them); in transform they pass through as NaN. Tensor forms are
 * synchronous and return a new float32 tensor the caller owns.
 */
export class RobustScaler implements Transform<RobustScalerState> {
  readonly className = 'RobustScaler';
  private options: Omit<RobustScalerState, 'className' | 'columns' | 'center' | 'scale' | 'nSamples'> & {
    columns?: string[];
  };
  private state: RobustScalerState | null = null;

  constructor(options: RobustScalerOptions = {}) {
    const where = 'RobustScaler.constructor';
    const withCentering = options.withCentering ?? true;
    const withScaling = options.withScaling ?? true;
    const unitVariance = options.unitVariance ?? false;
    if (![withCentering, withScaling, unitVariance].every((b) => typeof b === 'boolean')) {
      throw new ConfigError({
        where,
        problem: 'withCentering, withScaling and unitVariance must be booleans',
        received: { withCentering, withScaling, unitVariance },
      });
    }
    const quantileRange = options.quantileRange ?? [25, 75];
    checkRange(quantileRange, unitVariance, (problem, fix) => {
      throw new ConfigError({ where, problem, received: { quantileRange, unitVariance }, fix });
    });
    this.options = {
      withCentering,
      withScaling,
      unitVariance,
      quantileRange: [quantileRange[0], quantileRange[1]],
      ...(options.columns ? { columns: [...options.columns] } : {}),
    };
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  get columns(): string[] {
    return [...(this.state?.columns ?? this.options.columns ?? [])];
  }

  /** Per-column medians (scikit-learn's `center_`). */
  get center(): Float64Array {
    return Float64Array.from(this.state?.center ?? []);
  }

  /** Per-column divisors (scikit-learn's `scale_`; all ones without `withScaling`). */
  get scale(): Float64Array {
    return Float64Array.from(this.state?.scale ?? []);
  }

  async fit(table: ColumnTable, columns?: string[]): Promise<this> {
    const where = 'RobustScaler.fit';
    const names = fitColumns(table, columns, this.options.columns, where);
    const { quantileRange, withScaling, unitVariance } = this.options;
    const [low, high] = quantileRange;
    const adjust = unitVariance ? normalPpf(high / 100) - normalPpf(low / 100) : 1;
    const center: number[] = [];
    const scale: number[] = [];
    for (const name of names) {
      const sorted = readNumeric(table, name, where, 'error').sort();
      center.push(median(sorted));
      const range = percentile(sorted, high) - percentile(sorted, low);
      scale.push(withScaling ? (range < 10 * EPS ? 1 : range) / adjust : 1);
    }
    this.state = {
      className: 'RobustScaler',
      columns: names,
      center,
      scale,
      quantileRange: [low, high],
      withCentering: this.options.withCentering,
      withScaling,
      unitVariance,
      nSamples: table.numRows(),
    };
    return this;
  }

  async transform(table: ColumnTable): Promise<ColumnTable> {
    return this.apply(table, 'RobustScaler.transform', (v, c, s) => (v - c) / s);
  }

  async inverseTransform(table: ColumnTable): Promise<ColumnTable> {
    return this.apply(table, 'RobustScaler.inverseTransform', (v, c, s) => v * s + c);
  }

  async fitTransform(table: ColumnTable, columns?: string[]): Promise<ColumnTable> {
    await this.fit(table, columns);
    return this.transform(table);
  }

  /** `(x − center) / scale` on a [rows, columns] tensor; sync. The caller owns the result. */
  transformTensor(x: tf.Tensor2D): tf.Tensor2D {
    return this.applyTensor(x, 'RobustScaler.transformTensor', this.toOps());
  }

  /** `y · scale + center` on a [rows, columns] tensor; sync. The caller owns the result. */
  inverseTransformTensor(y: tf.Tensor2D): tf.Tensor2D {
    return this.applyTensor(y, 'RobustScaler.inverseTransformTensor', this.inverseToOps());
  }

  /** The transform as tensor ops (see {@link TensorOp}): Sub center, Div scale, for enabled steps. */
  toOps(): TensorOp[] {
    const s = this.requireState('RobustScaler.toOps');
    return [
      ...(s.withCentering ? [{ op: 'sub' as const, value: [...s.center] }] : []),
      ...(s.withScaling ? [{ op: 'div' as const, value: [...s.scale] }] : []),
    ];
  }

  /** The inverse as tensor ops: Mul scale, Add center. */
  inverseToOps(): TensorOp[] {
    const s = this.requireState('RobustScaler.inverseToOps');
    return [
      ...(s.withScaling ? [{ op: 'mul' as const, value: [...s.scale] }] : []),
      ...(s.withCentering ? [{ op: 'add' as const, value: [...s.center] }] : []),
    ];
  }

  getState(): RobustScalerState {
    return JSON.parse(JSON.stringify(this.requireState('RobustScaler.getState'))) as RobustScalerState;
  }

  setState(state: RobustScalerState): this {
    const read: StateReader = new StateReader(state, 'RobustScaler.setState', 'RobustScaler');
    const columns = read.strings('columns');
    const k = columns.length;
    const scale = Array.from(read.numbers('scale', k));
    if (scale.some((s) => s <= 0)) read.fail('state.scale has a value ≤ 0', { scale });
    const unitVariance = read.boolean('unitVariance');
    const range = read.raw('quantileRange') as [number, number];
    checkRange(range, unitVariance, (problem) => read.fail(`state.quantileRange: ${problem}`, { range }));
    const next: RobustScalerState = {
      className: 'RobustScaler',
      columns,
      center: Array.from(read.numbers('center', k)),
      scale,
      quantileRange: [range[0], range[1]],
      withCentering: read.boolean('withCentering'),
      withScaling: read.boolean('withScaling'),
      unitVariance,
      nSamples: read.count('nSamples'),
    };
    const { className: _, center: __, scale: ___, nSamples: ____, ...options } = next;
    this.options = { ...options, columns: [...columns], quantileRange: [range[0], range[1]] };
    this.state = next;
    return this;
  }

  static fromState(state: RobustScalerState): RobustScaler {
    return new RobustScaler().setState(state);
  }

  private requireState(where: string): RobustScalerState {
    requireFitted(this.state !== null, where, this.className);
    return this.state as RobustScalerState;
  }

  private apply(table: ColumnTable, where: string, f: (v: number, c: number, s: number) => number) {
    const state = this.requireState(where);
    return mapNumericColumns(table, state.columns, where, (x, j) => {
      const c = state.withCentering ? (state.center[j] as number) : 0;
      const s = state.withScaling ? (state.scale[j] as number) : 1;
      for (let i = 0; i < x.length; i++) x[i] = f(x[i] as number, c, s);
    });
  }

  private applyTensor(x: tf.Tensor2D, where: string, ops: TensorOp[]): tf.Tensor2D {
    const state = this.requireState(where);
    checkTensorWidth(x, state.columns, where);
    return applyOps(x, ops);
  }
}

function checkRange(
  range: unknown,
  unitVariance: boolean,
  fail: (problem: string, fix?: string) => never,
): asserts range is [number, number] {
  const [low, high] = Array.isArray(range) ? (range as number[]) : [];
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !(typeof low === 'number' && typeof high === 'number' && low >= 0 && low <= high && high <= 100)
  ) {
    fail('quantileRange is not a pair 0 ≤ low ≤ high ≤ 100', 'Pass percentiles such as [25, 75]');
  }
  if (unitVariance && !(low > 0 && high < 100)) {
    fail('unitVariance needs 0 < low and high < 100 (the normal quantiles of 0 and 100 are infinite)');
  }
}
