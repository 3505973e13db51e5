import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { assertColumns, assertNotEmpty } from './columns.js';
import { readMatrix } from './matrix.js';

export interface ToTensorsOptions {
  /** Input columns, in the order of x's second axis. */
  features: string[];
  /** Target column(s); y has shape [rows, targets]. */
  target?: string | string[];
  /** Defaults to 'float32' (for both x and y). */
  dtype?: 'float32' | 'int32';
  /**
   * Let missing feature values (null, undefined, NaN) through as NaN instead of throwing.
   * Default false. Targets must always be present.
   */
  allowMissing?: boolean;
}

/**
 * Turns numeric table columns into tensors: `x` of shape [rows, features] and, when a target is
 * named, `y` of shape [rows, targets]. Synchronous (pure data in, tensors out). The caller owns
 * `x` and `y` and disposes them.
 *
 * Throws a ValueError for an empty table, an unknown column (with a "did you mean"), a missing or
 * infinite value (naming column and row); a DTypeError for strings not yet encoded, or for
 * non-integers with dtype 'int32'; a ConfigError for no features, repeated columns, or a target
 * that is also a feature.
 */
export function toTensors(
  table: ColumnTable,
  options: ToTensorsOptions,
): { x: tf.Tensor2D; y?: tf.Tensor2D } {
  const where = 'toTensors';
  const features = options.features;
  const targets =
    options.target === undefined
      ? []
      : typeof options.target === 'string'
        ? [options.target]
        : options.target;
  const dtype = options.dtype ?? 'float32';
  checkTensorColumns(features, targets, dtype, where);
  assertColumns(table, [...features, ...targets], where);
  assertNotEmpty(table, where);
  const rows = table.numRows();
  const xValues = readMatrix(table, features, {
    where,
    dtype,
    role: 'feature',
    allowMissing: options.allowMissing,
  });
  const yValues = targets.length > 0 ? readMatrix(table, targets, { where, dtype, role: 'target' }) : null;
  // Both arrays are checked before either tensor exists, so a bad target leaks nothing.
  const x = tf.tensor2d(xValues, [rows, features.length], dtype);
  if (!yValues) return { x };
  return { x, y: tf.tensor2d(yValues, [rows, targets.length], dtype) };
}

/** Checks the column lists and dtype shared by toTensors and batches. */
export function checkTensorColumns(
  features: unknown,
  targets: readonly string[],
  dtype: string,
  where: string,
): void {
  if (!Array.isArray(features) || features.length === 0) {
    throw new ConfigError({
      where,
      problem: 'no feature columns were given',
      expected: 'options.features to be a non-empty array of column names',
      received: { features },
      fix: "Pass the input columns, e.g. { features: ['house_area', 'bedroom_number'] }",
    });
  }
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new ConfigError({
      where,
      problem: 'the dtype is not supported',
      expected: "'float32' or 'int32'",
      received: { dtype },
    });
  }
  const all = [...features, ...targets];
  const repeated = all.find((name, i) => all.indexOf(name) !== i);
  if (repeated !== undefined) {
    const inBoth = features.includes(repeated) && targets.includes(repeated);
    throw new ConfigError({
      where,
      problem: inBoth
        ? `column "${repeated}" is both a feature and the target`
        : `column "${repeated}" is listed twice`,
      expected: 'each column once, and targets apart from features',
      received: { features, target: targets },
      fix: inBoth
        ? 'Remove the target from the features: a model that sees its target learns nothing useful'
        : 'Remove the repeat',
    });
  }
}
