import * as tf from '@tensorflow/tfjs-core';
import { Rng, registerArrayKernel, useBackend } from '@weft/core';
import { describe, expect, it } from 'vitest';
import type { Padding } from './conv-utils.js';
import { MAX_POOL_GRAD_KERNEL, maxPoolGradAttrs, maxPoolGradKernel } from './max-pool-grad-kernel.js';

interface Case {
  shape: [number, number, number, number];
  poolSize: [number, number];
  strides: [number, number];
  padding: Padding;
}

const cases: Case[] = [
  { shape: [2, 8, 8, 3], poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  { shape: [2, 7, 9, 4], poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  { shape: [1, 7, 9, 2], poolSize: [3, 3], strides: [2, 2], padding: 'same' },
  { shape: [2, 6, 5, 3], poolSize: [2, 3], strides: [1, 2], padding: 'valid' }, // overlapping windows
  { shape: [1, 5, 6, 5], poolSize: [3, 2], strides: [1, 1], padding: 'same' },
];

/** Values with many exact ties (rounded to 0.5, a third clipped to 0 as after a ReLU) and negatives. */
function inputs(shape: number[], seed: number): { x: Float32Array; dy: (n: number) => Float32Array } {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: n }, () => {
    const v = Math.round((rng.float() * 8 - 5) * 2) / 2;
    return rng.float() < 0.33 ? Math.max(0, v) : v;
  });
  return { x, dy: (m) => Float32Array.from({ length: m }, () => rng.float() * 2 - 1) };
}

/** tfjs' own gradient of maxPool on its cpu backend: the reference. */
async function reference(c: Case, x: Float32Array, dy: Float32Array): Promise<Float32Array> {
  await useBackend('cpu');
  const xt = tf.tensor4d(x, c.shape);
  const pooled = tf.maxPool(xt, c.poolSize, c.strides, c.padding);
  const dyt = tf.tensor(dy, pooled.shape);
  const grad = tf.grad((t: tf.Tensor) =>
    tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, c.poolSize, c.strides, c.padding), dyt)),
  )(xt);
  const out = (await grad.data()) as Float32Array;
  tf.dispose([xt, pooled, dyt, grad]);
  return out;
}

describe.each(['cpu', 'wasm'] as const)('WeftMaxPoolGrad on %s', (backend) => {
  it.each(cases.map((c, i) => [i, c] as const))('matches tfjs cpu MaxPoolGrad, case %i', async (i, c) => {
    const { x, dy: makeDy } = inputs(c.shape, i);
    const pooledShape = tf.tidy(
      () => tf.maxPool(tf.zeros(c.shape) as tf.Tensor4D, c.poolSize, c.strides, c.padding).shape,
    );
    const dy = makeDy(pooledShape.reduce((a, b) => a * b, 1));
    const expected = await reference(c, x, dy);
    await useBackend(backend);
    registerArrayKernel(maxPoolGradKernel);
    const before = tf.memory().numTensors;
    const xt = tf.tensor4d(x, c.shape);
    const dyt = tf.tensor(dy, pooledShape);
    const attrs = maxPoolGradAttrs({ poolSize: c.poolSize, strides: c.strides, padding: c.padding });
    const dx = tf.engine().runKernel(MAX_POOL_GRAD_KERNEL, { x: xt, dy: dyt }, attrs) as tf.Tensor;
    expect(dx.shape).toEqual(c.shape);
    const got = await dx.data();
    for (let k = 0; k < got.length; k++) expect(got[k]).toBeCloseTo(expected[k] as number, 6);
    expect(Array.from(await xt.data())).toEqual(Array.from(x)); // inputs untouched
    tf.dispose([xt, dyt, dx]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
