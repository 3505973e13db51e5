import * as tf from '@tensorflow/tfjs-core';
import { DTypeError, ShapeError, ValueError } from './errors.js';

/** The one tensor type every Weft package shares. */
export type Tensor<R extends tf.Rank = tf.Rank> = tf.Tensor<R>;
export type Shape = number[];
/** The dtypes Weft tensors use (tfjs' numeric ones plus bool). */
export type DType = 'float32' | 'int32' | 'bool';
/** Plain data that {@link toTensor} accepts. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Uint32Array;
export type NestedArray = number | boolean | NestedArray[];
export type TensorLike = tf.Tensor | TypedArray | NestedArray | readonly number[];

export interface ToTensorOptions {
  /** Required for typed arrays of rank > 1; checked against nested arrays. */
  shape?: Shape;
  /** Defaults to float32 (int32 for Int32Array, bool for boolean arrays). */
  dtype?: DType;
}

const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/**
 * Makes a tensor from nested arrays or typed arrays, checking shape and dtype first so that
 * mistakes surface as typed errors instead of silent reshapes. A tensor passed in is returned
 * as is (when shape and dtype agree); the caller owns the result either way.
 */
export function toTensor(values: TensorLike, options: ToTensorOptions = {}): tf.Tensor {
  const where = 'toTensor';
  if (options.dtype !== undefined && !DTYPES.includes(options.dtype)) {
    throw new DTypeError({
      where,
      problem: 'the dtype is not supported',
      expected: `one of ${DTYPES.join(', ')}`,
      received: { dtype: options.dtype },
    });
  }
  if (values instanceof tf.Tensor) return checkTensor(values, options);

  let flat: ArrayLike<number | boolean>;
  let inferred: Shape;
  if (ArrayBuffer.isView(values)) {
    flat = values as TypedArray;
    inferred = [flat.length];
  } else {
    const result = flatten(values as NestedArray);
    flat = result.flat;
    inferred = result.shape;
  }
  const shape = options.shape ?? inferred;
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.some((d) => !Number.isInteger(d) || d < 0) || size !== flat.length) {
    throw new ShapeError({
      where,
      problem: `the shape does not hold the ${flat.length} values given`,
      expected: `a shape whose sizes multiply to ${flat.length}`,
      received: { shape },
      fix: 'Pass the shape of the data, or reshape the data first',
    });
  }
  if (
    options.shape &&
    !ArrayBuffer.isView(values) &&
    inferred.length > 1 &&
    inferred.join() !== shape.join()
  ) {
    throw new ShapeError({
      where,
      problem: 'the nested array does not have the requested shape',
      expected: `shape [${shape.join(', ')}]`,
      received: { shape: inferred },
    });
  }
  const dtype = options.dtype ?? inferDType(values, flat);
  if (dtype === 'int32') {
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i] as number;
      if (!Number.isInteger(v) || v > 2147483647 || v < -2147483648) {
        throw new DTypeError({
          where,
          problem: `value ${i} is not a 32-bit integer`,
          expected: 'integers for dtype int32',
          received: { value: v, index: i },
          fix: "Round the values first, or use dtype 'float32'",
        });
      }
    }
  }
  if (dtype === 'bool') {
    const out = new Uint8Array(flat.length);
    for (let i = 0; i < flat.length; i++) out[i] = flat[i] ? 1 : 0;
    return tf.tensor(out, shape, 'bool');
  }
  const out = dtype === 'int32' ? new Int32Array(flat.length) : new Float32Array(flat.length);
  for (let i = 0; i < flat.length; i++) out[i] = Number(flat[i]);
  return tf.tensor(out, shape, dtype);
}

function inferDType(values: TensorLike, flat: ArrayLike<number | boolean>): DType {
  if (values instanceof Int32Array) return 'int32';
  if (flat.length > 0 && typeof flat[0] === 'boolean') return 'bool';
  return 'float32';
}

function checkTensor(t: tf.Tensor, options: ToTensorOptions): tf.Tensor {
  if (options.shape && options.shape.join() !== t.shape.join()) {
    throw new ShapeError({
      where: 'toTensor',
      problem: 'the tensor does not have the requested shape',
      expected: `shape [${options.shape.join(', ')}]`,
      received: { shape: t.shape },
      fix: 'Reshape it first with tf.reshape',
    });
  }
  if (options.dtype && options.dtype !== t.dtype) {
    throw new DTypeError({
      where: 'toTensor',
      problem: 'the tensor does not have the requested dtype',
      expected: `dtype ${options.dtype}`,
      received: { dtype: t.dtype },
      fix: 'Cast it first with tf.cast',
    });
  }
  return t;
}

/** Flattens nested arrays, checking that every level is rectangular. */
function flatten(values: NestedArray): { flat: (number | boolean)[]; shape: Shape } {
  if (!Array.isArray(values)) {
    checkScalar(values, []);
    return { flat: [values], shape: [] };
  }
  const shape: Shape = [];
  let level: unknown = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const flat: (number | boolean)[] = [];
  const walk = (node: unknown, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (Array.isArray(node)) raggedError(path, shape);
      checkScalar(node, path);
      flat.push(node as number | boolean);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) raggedError(path, shape);
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, [...path, i]);
  };
  walk(values, 0, []);
  return { flat, shape };
}

function checkScalar(value: unknown, path: number[]): void {
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ValueError({
      where: 'toTensor',
      problem: `the element at [${path.join(', ')}] is not a number or boolean`,
      expected: 'numbers (or booleans) only',
      received: { value },
      fix: 'Encode strings and categories as numbers first (for example with an encoder from @weft/preprocess)',
    });
  }
}

function raggedError(path: number[], shape: Shape): never {
  throw new ShapeError({
    where: 'toTensor',
    problem: `the nested array is ragged at [${path.join(', ')}]`,
    expected: `every row at that depth to have the shape [${shape.slice(path.length).join(', ')}]`,
    received: { path },
    fix: 'Pad or trim the rows to a common length',
  });
}
