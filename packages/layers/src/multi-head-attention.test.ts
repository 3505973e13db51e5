import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { MultiHeadAttention } from './multi-head-attention.js';
import { makeInput, runLayerTest } from './testing/index.js';
import { getWeights } from './weights.js';

await describeBackends('MultiHeadAttention', () => {
  describe('self-attention', () =>
    runLayerTest(() => new MultiHeadAttention({ numHeads: 2, keyDim: 3, seed: 1 }), {
      inputShape: [2, 4, 6],
      expectedOutputShape: [2, 4, 6],
    }));
  describe('causal, cross-attention with a separate key and outputDim', () =>
    runLayerTest(
      () =>
        new MultiHeadAttention({ numHeads: 2, keyDim: 2, valueDim: 3, outputDim: 5, causal: true, seed: 2 }),
      {
        inputShape: [
          [2, 3, 4],
          [2, 5, 3],
          [2, 5, 2],
        ],
        expectedOutputShape: [2, 3, 5],
      },
    ));

  it('equals attention written out by hand for one head', async () => {
    const layer = new MultiHeadAttention({ numHeads: 1, keyDim: 2, seed: 3, inputShape: [null, 3, 2] });
    const x = makeInput([1, 3, 2]);
    const y = layer.apply(x);
    const weights = getWeights(layer);
    const [wq, bq, wk, bk, wv, bv, wo, bo] = weights as tf.Tensor2D[];
    const expected = tf.tidy(() => {
      const x2 = tf.reshape(x, [3, 2]) as tf.Tensor2D;
      const q = tf.add(tf.matMul(x2, wq!), bq!) as tf.Tensor2D;
      const k = tf.add(tf.matMul(x2, wk!), bk!) as tf.Tensor2D;
      const v = tf.add(tf.matMul(x2, wv!), bv!) as tf.Tensor2D;
      const a = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(2)));
      return tf.reshape(tf.add(tf.matMul(tf.matMul(a, v), wo!), bo!), [1, 3, 2]);
    });
    await expectClose(y, expected, { atol: 1e-5, rtol: 1e-5 });
    tf.dispose([x, y, expected, ...weights]);
    layer.dispose();
  });

  it('ignores padded keys and, when causal, later steps', async () => {
    const x = makeInput([2, 5, 4]);
    // Changing masked (padded) positions must not change the outputs of the real ones.
    const changed = tf.tidy(() => tf.concat([tf.slice(x, [0, 0, 0], [2, 3, 4]), tf.fill([2, 2, 4], 7)], 1));
    const mask = tf.tensor2d([1, 1, 1, 0, 0, 1, 1, 1, 0, 0], [2, 5]);
    const padded = new MultiHeadAttention({ numHeads: 2, keyDim: 2, seed: 4 });
    const [a, b] = [padded.apply(x, { mask }), padded.apply(changed, { mask })];
    const real = (t: tf.Tensor) => tf.slice(t, [0, 0, 0], [2, 3, 4]);
    const [ra, rb] = [real(a), real(b)];
    await expectClose(ra, rb, { atol: 1e-5, rtol: 1e-5 });
    // Causal: changing the last steps leaves the first steps' outputs alone, without a mask.
    const causal = new MultiHeadAttention({ numHeads: 2, keyDim: 2, causal: true, seed: 4 });
    const [c, d] = [causal.apply(x), causal.apply(changed)];
    const [rc, rd] = [real(c), real(d)];
    await expectClose(rc, rd, { atol: 1e-5, rtol: 1e-5 });
    // …and a non-causal layer does depend on them.
    const unmasked = padded.apply(changed);
    const ru = real(unmasked);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ru, ra))));
    expect((await diff.data())[0]).toBeGreaterThan(1e-3);
    tf.dispose([x, changed, mask, a, b, ra, rb, c, d, rc, rd, unmasked, ru, diff]);
    padded.dispose();
    causal.dispose();
  });
});

describe('MultiHeadAttention', () => {
  it('has 2-D projection kernels named by role', () => {
    const layer = new MultiHeadAttention({
      numHeads: 2,
      keyDim: 3,
      name: 'mha',
      inputShape: [null, null, 4],
    });
    expect(layer.namedWeights.map((w) => [w.name, w.variable.shape])).toEqual([
      ['mha/query/kernel', [4, 6]],
      ['mha/query/bias', [6]],
      ['mha/key/kernel', [4, 6]],
      ['mha/key/bias', [6]],
      ['mha/value/kernel', [4, 6]],
      ['mha/value/bias', [6]],
      ['mha/output/kernel', [6, 4]],
      ['mha/output/bias', [4]],
    ]);
    layer.dispose();
  });

  it('rejects bad options and mismatched inputs', () => {
    expect(() => new MultiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow(ConfigError);
    expect(() => new MultiHeadAttention({ numHeads: 1, keyDim: 2, dropout: 1 })).toThrow(ConfigError);
    expect(() => new MultiHeadAttention({ numHeads: 1, keyDim: 2, inputShape: [null, 4] }).built).toThrow(
      ShapeError,
    );
  });
});
