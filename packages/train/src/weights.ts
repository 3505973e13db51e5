import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { assertColumns } from '@weft/data';
import type { ColumnTable } from 'arquero';
import type { TableData } from './data.js';

/** `fit`'s `classWeight`: weight per class index, as an object (`{ 0: 1, 1: 5 }`) or an array. */
export type ClassWeight = Record<number, number> | readonly number[];

/**
 * A lookup table (index = class) for `classWeight`, covering `classes` entries at least; classes
 * it does not name weigh 1 (Keras' rule).
 */
export function classWeightTable(classWeight: ClassWeight, classes: number, where: string): Float32Array {
  const entries = Object.entries(classWeight as Record<string, number>);
  let size = classes;
  for (const [key, value] of entries) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || typeof value !== 'number' || !(value >= 0)) {
      throw new ConfigError({
        where,
        problem: 'classWeight must map class indices (integers ≥ 0) to weights ≥ 0',
        received: { [key]: value },
        fix: 'Use e.g. { 0: 1, 1: 5 } to weigh class 1 five times',
      });
    }
    size = Math.max(size, index + 1);
  }
  const table = new Float32Array(size).fill(1);
  for (const [key, value] of entries) table[Number(key)] = value;
  return table;
}

/**
 * Per-row weights from class weights: the class is argmax of one-hot/soft targets `[n, C>1]`,
 * or the (rounded) value of label targets `[n]`/`[n, 1]`, clipped into the table.
 */
export function rowClassWeights(y: tf.Tensor, table: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const last = y.shape[y.rank - 1] as number;
    const labels =
      y.rank === 2 && last > 1
        ? tf.argMax(y, -1)
        : tf.cast(tf.round(tf.cast(tf.reshape(y, [y.shape[0] as number]), 'float32')), 'int32');
    return tf.gather(table, tf.clipByValue(labels, 0, (table.shape[0] as number) - 1)) as tf.Tensor1D;
  });
}

/** Checks that class weights can be read from targets of this shape. */
export function checkClassWeightTargets(yShape: readonly number[], where: string): void {
  if (yShape.length > 2) {
    throw new ShapeError({
      where,
      problem: 'classWeight needs one class per row',
      expected: 'targets [n], [n, 1] (labels) or [n, classes] (one-hot)',
      received: { yShape: [...yShape] },
      fix: 'Pass per-row sampleWeight instead',
    });
  }
}

/** `sampleWeight` for in-memory rows: a tensor `[n]`/`[n, 1]` (the caller's) or a table column. */
export function resolveSampleWeight(
  spec: tf.Tensor | string | undefined,
  data: unknown,
  n: number,
  where: string,
): { weights: tf.Tensor1D | null; owned: tf.Tensor[] } {
  if (spec === undefined) return { weights: null, owned: [] };
  let t: tf.Tensor;
  const owned: tf.Tensor[] = [];
  if (typeof spec === 'string') {
    const table = (data as TableData | undefined)?.table as ColumnTable | undefined;
    if (!table) {
      throw new ConfigError({
        where,
        problem: 'sampleWeight names a column, but the data is not a table',
        fix: 'Pass a tensor of per-row weights',
      });
    }
    assertColumns(table, [spec], where);
    const values = Float32Array.from(table.array(spec) as ArrayLike<number>);
    t = tf.tensor1d(values);
    owned.push(t);
  } else if (spec instanceof tf.Tensor) {
    t = spec;
  } else {
    throw new ConfigError({
      where,
      problem: 'sampleWeight is not a tensor or a column name',
      received: { sampleWeight: spec },
    });
  }
  const flat = t.rank === 2 && t.shape[1] === 1;
  if ((t.rank !== 1 && !flat) || t.shape[0] !== n) {
    tf.dispose(owned);
    throw new ShapeError({
      where,
      problem: 'sampleWeight does not give one weight per row',
      expected: `shape [${n}] (or [${n}, 1])`,
      received: { sampleWeightShape: t.shape },
    });
  }
  if (flat) {
    const reshaped = tf.reshape(t, [n]) as tf.Tensor1D;
    owned.push(reshaped);
    return { weights: reshaped, owned };
  }
  return { weights: t as tf.Tensor1D, owned };
}
