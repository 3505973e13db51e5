import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
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
