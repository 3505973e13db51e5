import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError } from './errors.js';
import { numTensors } from './memory.js';
import './setup.js';
import { toTensor } from './tensor.js';

// Input checking is backend-independent: these run on the default (cpu) backend. Every test
// checks it leaves no tensor behind, including the ones that throw (bad input creates nothing).
let before = 0;
beforeEach(() => {
  before = numTensors();
});
afterEach(() => {
  expect(numTensors()).toBe(before);
});

async function read(t: tf.Tensor): Promise<{ shape: number[]; dtype: string; values: number[] }> {
  const result = { shape: t.shape, dtype: t.dtype, values: Array.from(await t.data()) };
  t.dispose();
  return result;
}

describe('toTensor from nested arrays', () => {
  it('infers shape and float32', async () => {
    expect(
      await read(
        toTensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    ).toEqual({
      shape: [2, 3],
      dtype: 'float32',
      values: [1, 2, 3, 4, 5, 6],
    });
    expect(await read(toTensor([[[1], [2]]]))).toMatchObject({ shape: [1, 2, 1] });
    expect(await read(toTensor(3.5))).toEqual({ shape: [], dtype: 'float32', values: [3.5] });
    expect(await read(toTensor([]))).toEqual({ shape: [0], dtype: 'float32', values: [] });
  });

  it('accepts a matching shape, and int32 for integers', async () => {
    expect(
      await read(
        toTensor(
          [
            [1, 2],
            [3, 4],
          ],
          { shape: [2, 2], dtype: 'int32' },
        ),
      ),
    ).toEqual({
      shape: [2, 2],
      dtype: 'int32',
      values: [1, 2, 3, 4],
    });
    // A flat list may be given any shape that holds it.
    expect(await read(toTensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] }))).toMatchObject({ shape: [3, 2] });
  });

  it('makes bool tensors from booleans, or from numbers when asked', async () => {
    expect(await read(toTensor([true, false, true]))).toEqual({
      shape: [3],
      dtype: 'bool',
      values: [1, 0, 1],
    });
    expect(await read(toTensor([0, 2, -1], { dtype: 'bool' }))).toEqual({
      shape: [3],
      dtype: 'bool',
      values: [0, 1, 1],
    });
  });

  it('ragged nesting is a ShapeError that says where', () => {
    expect(() => toTensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => toTensor([[1, 2], [3]])).toThrow(/toTensor: the nested array is ragged at \[1\]/);
    expect(() =>
      toTensor([
        [1, [2]],
        [3, 4],
      ] as never),
    ).toThrow(/ragged at \[0, 1\]/);
    expect(() => toTensor([[1, 2], 3] as never)).toThrow(ShapeError);
  });

  it('a shape that does not fit the data is a ShapeError', () => {
    expect(() => toTensor([1, 2, 3], { shape: [2, 2] })).toThrow(ShapeError);
    expect(() => toTensor([1, 2, 3], { shape: [2, 2] })).toThrow(
      'toTensor: the shape does not hold the 3 values given. Expected a shape whose sizes multiply to 3. ' +
        'Received: shape=[2,2]. Pass the shape of the data, or reshape the data first.',
    );
    expect(() =>
      toTensor(
        [
          [1, 2],
          [3, 4],
        ],
        { shape: [4, 1] },
      ),
    ).toThrow(/does not have the requested shape/);
    expect(() => toTensor([1, 2], { shape: [-1, -2] })).toThrow(ShapeError);
    expect(() => toTensor([1, 2], { shape: [0.5, 4] })).toThrow(ShapeError);
  });

  it('non-integers or out-of-range values for int32 are a DTypeError naming the index', () => {
    expect(() => toTensor([1, 2.5], { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => toTensor([1, 2.5], { dtype: 'int32' })).toThrow(/value 1 is not a 32-bit integer/);
    expect(() => toTensor([2 ** 31], { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => toTensor([1], { dtype: 'complex64' as never })).toThrow(/the dtype is not supported/);
  });

  it('strings and other non-numbers are a ValueError', () => {
    expect(() => toTensor(['a', 'b'] as never)).toThrow(ValueError);
    expect(() => toTensor([[1, 'b']] as never)).toThrow(/the element at \[0, 1\] is not a number or boolean/);
    expect(() => toTensor([1, null] as never)).toThrow(ValueError);
    expect(() => toTensor('3' as never)).toThrow(ValueError);
  });
});

describe('toTensor from typed arrays', () => {
  it('uses the given shape, and is 1-D without one', async () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(await read(toTensor(data, { shape: [2, 3] }))).toEqual({
      shape: [2, 3],
      dtype: 'float32',
      values: [1, 2, 3, 4, 5, 6],
    });
    expect(await read(toTensor(data))).toMatchObject({ shape: [6] });
    expect(() => toTensor(data, { shape: [4, 2] })).toThrow(ShapeError);
  });

  it('Int32Array gives int32; other typed arrays float32 unless asked', async () => {
    expect(await read(toTensor(Int32Array.from([1, -2])))).toMatchObject({ dtype: 'int32', values: [1, -2] });
    expect(await read(toTensor(Float64Array.from([0.5, 1.5])))).toMatchObject({
      dtype: 'float32',
      values: [0.5, 1.5],
    });
    expect(await read(toTensor(Uint8Array.from([0, 255]), { dtype: 'int32' }))).toMatchObject({
      dtype: 'int32',
      values: [0, 255],
    });
    expect(() => toTensor(Float64Array.from([0.5]), { dtype: 'int32' })).toThrow(DTypeError);
  });
});

describe('toTensor from tensors', () => {
  it('returns the same tensor when shape and dtype agree', () => {
    const t = tf.zeros([2, 2], 'int32');
    expect(toTensor(t)).toBe(t);
    expect(toTensor(t, { shape: [2, 2], dtype: 'int32' })).toBe(t);
    t.dispose();
  });

  it('throws instead of reshaping or casting silently', () => {
    const t = tf.zeros([2, 2]);
    expect(() => toTensor(t, { shape: [4] })).toThrow(ShapeError);
    expect(() => toTensor(t, { dtype: 'int32' })).toThrow(/Cast it first with tf.cast/);
    expect(t.isDisposed).toBe(false);
    t.dispose();
  });
});
