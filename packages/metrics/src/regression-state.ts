import { FormatError, ShapeError, ValueError } from '@weft/core';
import { checkFinite, checkNotEmpty, checkSameRows, type Matrix, readMatrix, readWeights } from './input.js';
import type { JsonValue, MetricInput, WeightInput } from './metric.js';

const FIELDS = ['sumW', 'sumSqErr', 'sumAbsErr', 'meanTrue', 'm2True', 'meanErr', 'm2Err'] as const;

/**
 * Sufficient statistics of every regression metric, per output column, in float64 JS:
 * weighted sums of squared and absolute errors, and weighted means and sums of squared
 * deviations (M2) of the targets and of the errors. Means and M2 are merged with Chan et al.'s
 * pairwise formula rather than kept as raw power sums, so R² and explained variance do not lose
 * digits to cancellation when the targets have a large mean. One batch on an empty state is
 * exactly scikit-learn's two-pass computation.
 */
export class RegressionState {
  /** Output columns; 0 until the first batch fixes it. */
  outputs = 0;
  /** Samples seen (R² needs at least two). */
  count = 0;
  sumW = new Float64Array(0);
  sumSqErr = new Float64Array(0);
  sumAbsErr = new Float64Array(0);
  meanTrue = new Float64Array(0);
  m2True = new Float64Array(0);
  meanErr = new Float64Array(0);
  m2Err = new Float64Array(0);

  /** Adds a validated batch (see {@link readRegressionBatch}). */
  add(batch: RegressionBatch, where: string): void {
    this.combine(batchState(batch), where);
  }

  /** Chan et al.'s parallel update: exact for sums, stable for means and M2. */
  combine(other: RegressionState, where: string): void {
    if (other.count === 0) return;
    if (this.count === 0) {
      this.copyFrom(other);
      return;
    }
    if (other.outputs !== this.outputs) {
      throw new ShapeError({
        where,
        problem: 'the number of outputs changed between batches',
        expected: `${this.outputs} output column(s), as in earlier batches`,
        received: { outputs: other.outputs },
        fix: 'Call reset() before switching to data with another number of outputs',
      });
    }
    for (let j = 0; j < this.outputs; j++) {
      const wa = this.sumW[j] as number;
      const wb = other.sumW[j] as number;
      const w = wa + wb;
      this.sumSqErr[j] = (this.sumSqErr[j] as number) + (other.sumSqErr[j] as number);
      this.sumAbsErr[j] = (this.sumAbsErr[j] as number) + (other.sumAbsErr[j] as number);
      this.sumW[j] = w;
      if (wb === 0) continue;
      if (wa === 0) {
        for (const f of ['meanTrue', 'm2True', 'meanErr', 'm2Err'] as const)
          this[f][j] = other[f][j] as number;
        continue;
      }
      mergeMoments(this.meanTrue, this.m2True, other.meanTrue, other.m2True, j, wa, wb);
      mergeMoments(this.meanErr, this.m2Err, other.meanErr, other.m2Err, j, wa, wb);
    }
    this.count += other.count;
  }

  copyFrom(other: RegressionState): void {
    this.outputs = other.outputs;
    this.count = other.count;
    for (const f of FIELDS) this[f] = Float64Array.from(other[f]);
  }

  /** Throws when every weight was zero: the weighted means are then undefined (scikit-learn raises too). */
  checkWeights(where: string): void {
    if (this.sumW.some((w) => w === 0)) {
      throw new ValueError({
        where,
        problem: 'the sample weights sum to zero',
        expected: 'at least one positive weight',
        received: { sumOfWeights: 0 },
      });
    }
  }

  toJSON(): JsonValue {
    const out: Record<string, JsonValue> = { outputs: this.outputs, count: this.count };
    for (const f of FIELDS) out[f] = Array.from(this[f]);
    return out;
  }

  static fromJSON(json: JsonValue, where: string): RegressionState {
    const o = json as Record<string, unknown>;
    const outputs = o?.outputs;
    const ok =
      typeof outputs === 'number' &&
      typeof o.count === 'number' &&
      FIELDS.every((f) => Array.isArray(o[f]) && (o[f] as unknown[]).length === outputs);
    if (!ok) {
      throw new FormatError({
        where,
        problem: 'the state is not a regression metric state',
        expected: `{ outputs, count, ${FIELDS.join(', ')} } with one entry per output`,
        received: { state: json },
      });
    }
    const state = new RegressionState();
    state.outputs = outputs as number;
    state.count = o.count as number;
    for (const f of FIELDS) state[f] = Float64Array.from(o[f] as number[]);
    return state;
  }
}

function mergeMoments(
  mean: Float64Array,
  m2: Float64Array,
  otherMean: Float64Array,
  otherM2: Float64Array,
  j: number,
  wa: number,
  wb: number,
): void {
  const w = wa + wb;
  const delta = (otherMean[j] as number) - (mean[j] as number);
  mean[j] = (mean[j] as number) + (delta * wb) / w;
  m2[j] = (m2[j] as number) + (otherM2[j] as number) + (delta * delta * wa * wb) / w;
}

/** Two passes over one batch: weighted means first, then squared deviations from them. */
function batchState({ yTrue, yPred, weights }: RegressionBatch): RegressionState {
  const k = yTrue.cols;
  const n = yTrue.rows;
  const s = new RegressionState();
  s.outputs = k;
  s.count = n;
  for (const f of FIELDS) s[f] = new Float64Array(k);
  const t = yTrue.values;
  const p = yPred.values;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] as number) : 1;
    for (let j = 0; j < k; j++) {
      const y = t[i * k + j] as number;
      const e = y - (p[i * k + j] as number);
      s.sumW[j] = (s.sumW[j] as number) + w;
      s.sumSqErr[j] = (s.sumSqErr[j] as number) + w * e * e;
      s.sumAbsErr[j] = (s.sumAbsErr[j] as number) + w * Math.abs(e);
      s.meanTrue[j] = (s.meanTrue[j] as number) + w * y;
      s.meanErr[j] = (s.meanErr[j] as number) + w * e;
    }
  }
  for (let j = 0; j < k; j++) {
    const w = s.sumW[j] as number;
    s.meanTrue[j] = w === 0 ? 0 : (s.meanTrue[j] as number) / w;
    s.meanErr[j] = w === 0 ? 0 : (s.meanErr[j] as number) / w;
  }
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] as number) : 1;
    for (let j = 0; j < k; j++) {
      const y = t[i * k + j] as number;
      const dy = y - (s.meanTrue[j] as number);
      const de = y - (p[i * k + j] as number) - (s.meanErr[j] as number);
      s.m2True[j] = (s.m2True[j] as number) + w * dy * dy;
      s.m2Err[j] = (s.m2Err[j] as number) + w * de * de;
    }
  }
  return s;
}

export interface RegressionBatch {
  yTrue: Matrix;
  yPred: Matrix;
  weights: Float64Array | undefined;
}

/**
 * Reads and checks a regression batch: `[n]` or `[n, k]` (a `[n]` input and a `[n, 1]` input
 * agree), same n, same k, finite values, one non-negative weight per row.
 */
export async function readRegressionBatch(
  yTrue: MetricInput,
  yPred: MetricInput,
  sampleWeight: WeightInput | undefined,
  where: string,
): Promise<RegressionBatch> {
  const [t, p] = await Promise.all([readMatrix(yTrue, where, 'yTrue'), readMatrix(yPred, where, 'yPred')]);
  checkNotEmpty(t, where, 'yTrue');
  checkNotEmpty(p, where, 'yPred');
  checkSameRows(t, p, where);
  if (t.cols !== p.cols) {
    throw new ShapeError({
      where,
      problem: 'yTrue and yPred have different numbers of outputs',
      expected: 'the same number of columns',
      received: { 'yTrue.shape': [t.rows, t.cols], 'yPred.shape': [p.rows, p.cols] },
      fix: 'A [n] array and a [n, 1] array agree; reshape if you meant one output',
    });
  }
  checkFinite(t.values, where, 'yTrue');
  checkFinite(p.values, where, 'yPred');
  const weights = await readWeights(sampleWeight, t.rows, where);
  return { yTrue: t, yPred: p, weights };
}
