import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@weft/core';
import type { MetricInput, WeightInput } from './metric.js';

/**
 * Inputs read into float64 JS: rank 1 `[n]` (cols 1) or rank 2 `[n, k]`, row-major. Metrics do
 * their arithmetic here, in float64, whatever the input was (contracts.md, numerics).
 */
export interface Matrix {
  values: Float64Array;
  rows: number;
  cols: number;
  rank: 1 | 2;
}

/** Reads an array, typed array or tensor of rank 1 or 2 (tensors with one `await data()`). */
export async function readMatrix(value: MetricInput, where: string, arg: string): Promise<Matrix> {
  if (value instanceof tf.Tensor) {
    if (value.rank !== 1 && value.rank !== 2) rankError(where, arg, value.shape);
    const values = Float64Array.from(await value.data());
    const rows = value.shape[0] as number;
    return { values, rows, cols: value.rank === 2 ? (value.shape[1] as number) : 1, rank: value.rank };
  }
  if (ArrayBuffer.isView(value)) {
    const values = Float64Array.from(value as ArrayLike<number>);
    return { values, rows: values.length, cols: 1, rank: 1 };
  }
  if (!Array.isArray(value)) {
    throw new ValueError({
      where,
      problem: `${arg} is not an array, typed array or tensor`,
      expected: 'number[], number[][], a typed array or a tf.Tensor',
      received: { [arg]: value },
    });
  }
  return fromNested(value as readonly unknown[], where, arg);
}

function fromNested(rows: readonly unknown[], where: string, arg: string): Matrix {
  const nested = rows.length > 0 && Array.isArray(rows[0]);
  const cols = nested ? (rows[0] as unknown[]).length : 1;
  const values = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (nested !== Array.isArray(row) || (nested && (row as unknown[]).length !== cols)) {
      throw new ShapeError({
        where,
        problem: `${arg} is ragged at row ${i}`,
        expected: nested ? `every row to have ${cols} values` : 'a flat array of numbers',
        received: { [`${arg}[${i}]`]: row },
        fix: 'Pass a rectangular array',
      });
    }
    const cells = nested ? (row as unknown[]) : [row];
    for (let j = 0; j < cols; j++) values[i * cols + j] = toNumber(cells[j], where, arg, i);
  }
  return { values, rows: rows.length, cols, rank: nested ? 2 : 1 };
}

function toNumber(cell: unknown, where: string, arg: string, row: number): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  throw new ValueError({
    where,
    problem: `${arg} holds a value that is not a number at row ${row}`,
    expected: 'numbers (or booleans)',
    received: { value: cell },
    fix: 'Encode labels as numbers first (for example with an encoder from @weft/preprocess)',
  });
}

function rankError(where: string, arg: string, shape: number[]): never {
  throw new ShapeError({
    where,
    problem: `${arg} has rank ${shape.length}`,
    expected: 'rank 1 [n] or rank 2 [n, k]',
    received: { [`${arg}.shape`]: shape },
    fix: 'Reshape it with tf.reshape',
  });
}

/** Empty input is a typed error (scikit-learn raises too). */
export function checkNotEmpty(m: Matrix, where: string, arg: string): void {
  if (m.rows === 0) {
    throw new ValueError({
      where,
      problem: `${arg} is empty`,
      expected: 'at least one sample',
      received: { [`${arg}.length`]: 0 },
    });
  }
}

/** NaN and ±Infinity are typed errors (scikit-learn's `check_array` rejects both). */
export function checkFinite(values: ArrayLike<number>, where: string, arg: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      throw new ValueError({
        where,
        problem: `${arg} contains ${Number.isNaN(v) ? 'NaN' : v} at flat index ${i}`,
        expected: 'finite numbers only',
        received: { [arg]: v },
        fix: 'Drop or impute missing values before computing the metric',
      });
    }
  }
}

/** Both inputs describe the same samples: same number of rows. */
export function checkSameRows(a: Matrix, b: Matrix, where: string, names = ['yTrue', 'yPred']): void {
  if (a.rows !== b.rows) {
    throw new ShapeError({
      where,
      problem: `${names[0]} and ${names[1]} have different numbers of samples`,
      expected: 'one prediction per sample',
      received: { [`${names[0]}.length`]: a.rows, [`${names[1]}.length`]: b.rows },
      fix: 'Pass arrays of the same length',
    });
  }
}

/**
 * Sample weights: rank 1, one per row, finite and non-negative. Returns undefined when absent,
 * so the unweighted path stays exact integer counting.
 */
export async function readWeights(
  weights: WeightInput | undefined,
  rows: number,
  where: string,
): Promise<Float64Array | undefined> {
  if (weights === undefined) return undefined;
  const m = await readMatrix(weights, where, 'sampleWeight');
  if (m.rank !== 1 || m.rows !== rows) {
    throw new ShapeError({
      where,
      problem: 'sampleWeight does not have one weight per sample',
      expected: `shape [${rows}]`,
      received: { 'sampleWeight.shape': m.rank === 1 ? [m.rows] : [m.rows, m.cols] },
    });
  }
  checkFinite(m.values, where, 'sampleWeight');
  const negative = m.values.findIndex((w) => w < 0);
  if (negative >= 0) {
    throw new ValueError({
      where,
      problem: `sampleWeight is negative at index ${negative}`,
      expected: 'weights ≥ 0',
      received: { sampleWeight: m.values[negative] },
    });
  }
  return m.values;
}

/** Any rank: values in row-major order and the shape (for inputs such as `[batch, time, vocabulary]`). */
export async function readNd(
  value: unknown,
  where: string,
  arg: string,
): Promise<{ values: Float64Array; shape: number[] }> {
  if (value instanceof tf.Tensor)
    return { values: Float64Array.from(await value.data()), shape: [...value.shape] };
  if (ArrayBuffer.isView(value)) {
    const values = Float64Array.from(value as unknown as ArrayLike<number>);
    return { values, shape: [values.length] };
  }
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  if (shape.length === 0) {
    throw new ValueError({
      where,
      problem: `${arg} is not an array, typed array or tensor`,
      received: { [arg]: value },
    });
  }
  const flat = (value as unknown[]).flat(shape.length - 1) as unknown[];
  if (flat.length !== shape.reduce((a, b) => a * b, 1) || flat.some((v) => Array.isArray(v))) {
    throw new ShapeError({
      where,
      problem: `${arg} is ragged`,
      expected: `a rectangular array of shape [${shape.join(', ')}]`,
      received: { [arg]: value },
    });
  }
  const values = new Float64Array(flat.length);
  flat.forEach((v, i) => {
    values[i] = toNumber(v, where, arg, i);
  });
  return { values, shape };
}
