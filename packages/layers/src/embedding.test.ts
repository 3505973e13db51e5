import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { Embedding } from './embedding.js';
import { runLayerTest } from './testing/index.js';
import { getWeights } from './weights.js';

await describeBackends('Embedding', () => {
  // 24 ids drawn from 6 rows: repeated ids check that gradients of shared rows add up.
  describe('sequences', () =>
    runLayerTest(() => new Embedding({ inputDim: 6, outputDim: 3, seed: 1 }), {
      inputShape: [4, 6],
      expectedOutputShape: [4, 6, 3],
      inputDtype: 'int32',
      inputRange: [0, 6],
      gradientChecks: 18,
    }));

  it('looks up rows and sums the gradient of repeated ids', async () => {
    const layer = new Embedding({ inputDim: 3, outputDim: 2, seed: 4 });
    const ids = tf.tensor2d([[2, 0, 2]], [1, 3], 'int32');
    const y = layer.apply(ids);
    const [table] = getWeights(layer);
    const expected = tf.tidy(() =>
      tf.reshape(tf.gather(table as tf.Tensor, tf.tensor1d([2, 0, 2], 'int32')), [1, 3, 2]),
    );
    await expectClose(y, expected, { atol: 0, rtol: 0 });
    const { value, grads } = tf.variableGrads(
      () => tf.sum(layer.apply(ids)) as tf.Scalar,
      layer.trainableWeights,
    );
    await expectClose(grads[layer.trainableWeights[0]!.name]!, [
      [1, 1],
      [0, 0],
      [2, 2],
    ]);
    tf.dispose([ids, y, table, expected, value, grads]);
    layer.dispose();
  });
});

describe('Embedding', () => {
  it('with maskZero, marks id 0 as padding', async () => {
    const layer = new Embedding({ inputDim: 5, outputDim: 2, maskZero: true });
    const ids = tf.tensor2d([[3, 1, 0, 0]], [1, 4], 'int32');
    const mask = layer.computeMask(ids, null) as tf.Tensor;
    expect(mask.dtype).toBe('float32');
    expect(Array.from(await mask.data())).toEqual([1, 1, 0, 0]);
    expect(new Embedding({ inputDim: 5, outputDim: 2 }).computeMask(ids, null)).toBeNull();
    expect(layer.getConfig().maskZero).toBe(true);
    tf.dispose([ids, mask]);
  });

  it('accepts float ids and any sequence length', () => {
    const layer = new Embedding({ inputDim: 5, outputDim: 2, inputShape: [null, 3] });
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    const y = layer.apply(x);
    expect(y.shape).toEqual([1, 4, 2]);
    expect(layer.computeOutputShape([null, null])).toEqual([null, null, 2]);
    tf.dispose([x, y]);
    layer.dispose();
  });
});
