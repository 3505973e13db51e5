import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { useBackend } from '../index.js';

describe('wasm kernel replacements', () => {
  it('Identity shares memory: clones stay valid after the original is gone, and nothing leaks', async () => {
    await useBackend('wasm', { threads: 1 });
    const before = tf.memory();
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const copy = tf.clone(x);
    // One buffer for both: the clone allocates nothing on the wasm heap.
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers + 1);
    x.dispose();
    expect(Array.from(await copy.data())).toEqual([1, 2, 3, 4]);
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
  });

  it('gradients that save tensors for the backward pass are unchanged', async () => {
    await useBackend('wasm', { threads: 1 });
    const x = tf.tensor1d([-1, 0.5, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), tf.exp(t))))(x);
    // d/dt relu(t)·e^t = (t > 0) · (e^t + t·e^t)
    const expected = [-1, 0.5, 2].map((t) => (t > 0 ? Math.exp(t) * (1 + t) : 0));
    const got = await g.data();
    for (const [i, e] of expected.entries()) expect(got[i]).toBeCloseTo(e, 5);
    tf.dispose([x, g]);
  });
});

describe('wasm Sum over leading or trailing axes', () => {
  const cases: { shape: number[]; axis: number | number[]; keepDims?: boolean }[] = [
    { shape: [1024, 64], axis: 0 },
    { shape: [4, 5, 6], axis: [1, 0] },
    { shape: [4, 5, 6], axis: [0, 1], keepDims: true },
    { shape: [3, 7], axis: -2 },
    { shape: [4, 5, 6], axis: 1 }, // neither leading nor trailing: the original kernel
    { shape: [4, 5], axis: [0, 1] }, // every axis: one row
    { shape: [32, 32, 64], axis: -1 }, // layer normalization's statistics
    { shape: [4, 5, 6], axis: [2, 1], keepDims: true },
    { shape: [3, 13], axis: 1 }, // eight lanes, then five left over
    { shape: [7, 3], axis: 0 }, // fewer columns than one vector
    { shape: [0, 4], axis: 0 },
  ];
  it.each(cases)('matches the cpu backend: %o', async ({ shape, axis, keepDims = false }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 3);
    await useBackend('cpu');
    const cpu = tf.tidy(() => tf.sum(tf.tensor(values, shape), axis, keepDims));
    const expected = { shape: cpu.shape, values: await cpu.data() };
    cpu.dispose();
    await useBackend('wasm', { threads: 1 });
    const before = tf.memory().numTensors;
    const x = tf.tensor(values, shape);
    const y = tf.sum(x, axis, keepDims);
    expect(y.shape).toEqual(expected.shape);
    const got = await y.data();
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(expected.values[i] as number, 3);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps int32 sums exact through the original kernel', async () => {
    await useBackend('wasm', { threads: 1 });
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const y = tf.sum(x, 0);
    expect(y.dtype).toBe('int32');
    expect(Array.from(await y.data())).toEqual([9, 12]);
    tf.dispose([x, y]);
  });
});

describe('wasm Slice through heap views', () => {
  const cases: { shape: number[]; begin: number[]; size: number[]; dtype?: 'float32' | 'int32' | 'bool' }[] =
    [
      { shape: [100, 8], begin: [32, 0], size: [32, -1] }, // a batch of rows: contiguous
      { shape: [6, 7], begin: [1, 2], size: [3, 4] },
      { shape: [4, 5, 6], begin: [1, 0, 2], size: [2, 5, 3], dtype: 'int32' },
      { shape: [3, 4, 5, 6], begin: [0, 1, 1, 0], size: [3, 2, 3, 6] },
      { shape: [2, 3, 2, 2, 3], begin: [1, 0, 1, 0, 1], size: [1, 3, 1, 2, 2] }, // rank 5
      { shape: [5, 4], begin: [0, 1], size: [5, 2], dtype: 'bool' },
      { shape: [5, 4], begin: [2, 0], size: [0, 4] }, // empty
    ];
  it.each(cases)('matches the cpu backend: %o', async ({ shape, begin, size, dtype = 'float32' }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : i * 1.5 - 7));
    const make = () =>
      dtype === 'bool'
        ? tf.tensor(values as boolean[], shape, 'bool')
        : tf.tensor(values as number[], shape, dtype);
    await useBackend('cpu');
    const cpu = tf.tidy(() => tf.slice(make(), begin, size));
    const expected = { shape: cpu.shape, values: Array.from(await cpu.data()) };
    cpu.dispose();
    await useBackend('wasm', { threads: 1 });
    const before = tf.memory().numTensors;
    const x = make();
    const y = tf.slice(x, begin, size);
    expect(y.shape).toEqual(expected.shape);
    expect(y.dtype).toBe(dtype);
    expect(Array.from(await y.data())).toEqual(expected.values);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('copies only the slice, not the whole input', async () => {
    await useBackend('wasm', { threads: 1 });
    const backend = tf.backend() as unknown as { readSync: (...a: unknown[]) => unknown };
    const x = tf.zeros([1000, 64]);
    const spy = vi.spyOn(backend, 'readSync');
    const y = tf.slice(x, [10, 0], [32, 64]);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    tf.dispose([x, y]);
  });
});

describe('wasm GatherV2 through heap views', () => {
  const cases: {
    shape: number[];
    dtype: 'float32' | 'int32' | 'bool';
    ids: number[][];
    axis: number;
    batchDims?: number;
  }[] = [
    {
      shape: [10, 4],
      dtype: 'float32',
      ids: [
        [3, 0, 9],
        [3, 3, 1],
      ],
      axis: 0,
    }, // an embedding lookup
    { shape: [3, 5, 2], dtype: 'int32', ids: [[4, 0]], axis: 1 },
    { shape: [2, 3, 4], dtype: 'bool', ids: [[3, 1, 1]], axis: -1 },
    {
      shape: [2, 3],
      dtype: 'float32',
      ids: [
        [2, 0],
        [1, 1],
      ],
      axis: 1,
      batchDims: 1,
    }, // the original kernel
    { shape: [6, 2], dtype: 'float32', ids: [[]], axis: 0 },
  ];
  it.each(cases)('matches the cpu backend: %o', async ({ shape, dtype, ids, axis, batchDims = 0 }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : i * 1.5 - 7));
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor(values as number[], shape, dtype);
        const y = tf.gather(
          x,
          tf.tensor2d(ids, [ids.length, (ids[0] as number[]).length], 'int32'),
          axis,
          batchDims,
        );
        return { shape: y.shape, values: Array.from(y.dataSync()) };
      });
    await useBackend('cpu');
    const expected = run();
    await useBackend('wasm', { threads: 1 });
    const before = tf.memory().numTensors;
    expect(run()).toEqual(expected);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an id out of range, leaving nothing allocated', async () => {
    await useBackend('wasm', { threads: 1 });
    const x = tf.ones([4, 2]);
    const before = tf.memory();
    for (const bad of [4, -1]) {
      expect(() => tf.gather(x, tf.tensor1d([0, bad], 'int32'))).toThrow(
        /index value -?\d is not in \[0, 3\]/,
      );
    }
    // The two index tensors are the only new ones.
    expect(tf.memory().numTensors).toBe(before.numTensors + 2);
    x.dispose();
  });
});
