import * as tf from '@tensorflow/tfjs-core';

export interface Tolerance {
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
}

type Numeric = tf.Tensor | ArrayLike<number> | number | number[][] | number[][][];

async function toFlat(value: Numeric): Promise<{ values: Float64Array; shape: number[] }> {
  if (value instanceof tf.Tensor) {
    return { values: Float64Array.from(await value.data()), shape: value.shape };
  }
  if (typeof value === 'number') return { values: Float64Array.of(value), shape: [] };
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level) || ArrayBuffer.isView(level)) {
    shape.push((level as ArrayLike<unknown>).length);
    level = (level as ArrayLike<unknown>)[0];
  }
  const flat = (Array.isArray(value) ? (value as unknown[]).flat(Number.POSITIVE_INFINITY) : Array.from(value as ArrayLike<number>)) as number[];
  return { values: Float64Array.from(flat), shape };
}

/**
 * Asserts `|actual − expected| ≤ atol + rtol·|expected|` elementwise (numpy's `allclose`), with
 * equal shapes. NaN equals NaN only where both are NaN. Reads tensors with `await data()`, so it
 * works on every backend. The message names the worst element.
 */
export async function expectClose(actual: Numeric, expected: Numeric, tolerance: Tolerance = {}): Promise<void> {
  const atol = tolerance.atol ?? 1e-5;
  const rtol = tolerance.rtol ?? 1e-5;
  const a = await toFlat(actual);
  const e = await toFlat(expected);
  if (actual instanceof tf.Tensor && expected instanceof tf.Tensor && a.shape.join() !== e.shape.join()) {
    throw new Error(`expectClose: shapes differ. Expected [${e.shape}], received [${a.shape}].`);
  }
  if (a.values.length !== e.values.length) {
    throw new Error(`expectClose: sizes differ. Expected ${e.values.length} values, received ${a.values.length}.`);
  }
  let worst = -1;
  let worstExcess = 0;
  let failures = 0;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i] as number;
    const y = e.values[i] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      failures++;
      if (worst < 0) worst = i;
      worstExcess = Number.POSITIVE_INFINITY;
      continue;
    }
    const excess = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    if (excess > 0 || (x !== y && !Number.isFinite(x - y))) {
      failures++;
      if (excess > worstExcess || worst < 0) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (failures > 0) {
    throw new Error(
      `expectClose: ${failures} of ${a.values.length} values differ beyond atol=${atol}, rtol=${rtol}. ` +
        `Worst at flat index ${worst}: received ${a.values[worst]}, expected ${e.values[worst]}.`,
    );
  }
}
