import * as tf from '@tensorflow/tfjs-core';

export interface Tolerance {
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
}

type Numeric =
  | tf.Tensor
  | number
  | ArrayLike<number>
  | ArrayLike<number>[]
  | ArrayLike<number>[][]
  | number[][][];

/** Flat values, plus the shape where the value carries one (a tensor or a nested array). */
async function toFlat(value: Numeric): Promise<{ values: Float64Array; shape: number[] | null }> {
  if (value instanceof tf.Tensor) {
    return { values: Float64Array.from(await value.data()), shape: value.shape };
  }
  if (typeof value === 'number') return { values: Float64Array.of(value), shape: null };
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level) || ArrayBuffer.isView(level)) {
    shape.push((level as ArrayLike<unknown>).length);
    level = (level as ArrayLike<unknown>)[0];
  }
  const flat: number[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node) || ArrayBuffer.isView(node)) {
      for (const child of Array.from(node as ArrayLike<unknown>)) walk(child);
    } else flat.push(node as number);
  };
  walk(value);
  if (flat.length !== shape.reduce((a, b) => a * b, 1)) {
    throw new Error(
      `expectClose: a nested array is ragged (shape starts [${shape}], ${flat.length} values).`,
    );
  }
  // A flat list or typed array is just values: it may stand for a tensor of any shape.
  return { values: Float64Array.from(flat), shape: shape.length > 1 ? shape : null };
}

/**
 * Asserts `|actual − expected| ≤ atol + rtol·|expected|` elementwise (numpy's `allclose`). Shapes
 * must be equal where both sides have one (tensors and nested arrays); a number, flat array or
 * typed array is compared by size only. NaN equals NaN only where both are NaN; infinities must
 * match exactly. Reads tensors with `await data()`, so it works on every backend. The message
 * names the worst element.
 */
export async function expectClose(
  actual: Numeric,
  expected: Numeric,
  tolerance: Tolerance = {},
): Promise<void> {
  const atol = tolerance.atol ?? 1e-5;
  const rtol = tolerance.rtol ?? 1e-5;
  const a = await toFlat(actual);
  const e = await toFlat(expected);
  if (a.shape && e.shape && a.shape.join() !== e.shape.join()) {
    throw new Error(`expectClose: shapes differ. Expected [${e.shape}], received [${a.shape}].`);
  }
  if (a.values.length !== e.values.length) {
    throw new Error(
      `expectClose: sizes differ. Expected ${e.values.length} values, received ${a.values.length}.`,
    );
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
      if (worstExcess < Number.POSITIVE_INFINITY || worst < 0) {
        worst = i;
        worstExcess = Number.POSITIVE_INFINITY;
      }
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
