import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { Conv1D } from './conv1d.js';
import { runLayerTest } from './testing/index.js';
import { setWeights } from './weights.js';

await describeBackends('Conv1D', () => {
  describe('valid', () =>
    runLayerTest(() => new Conv1D({ filters: 3, kernelSize: 3, activation: 'tanh', seed: 1 }), {
      inputShape: [2, 7, 2],
      expectedOutputShape: [2, 5, 3],
    }));
  describe('same, stride 2', () =>
    runLayerTest(() => new Conv1D({ filters: 2, kernelSize: 2, strides: 2, padding: 'same', seed: 2 }), {
      inputShape: [2, 7, 3],
      expectedOutputShape: [2, 4, 2],
    }));
  describe('causal, dilated', () =>
    runLayerTest(
      () => new Conv1D({ filters: 2, kernelSize: 3, padding: 'causal', dilationRate: 2, seed: 3 }),
      { inputShape: [2, 6, 2], expectedOutputShape: [2, 6, 2] },
    ));

  it('computes a known convolution, and a causal one sees only the past', async () => {
    const layer = new Conv1D({ filters: 1, kernelSize: 2, useBias: false, inputShape: [null, 4, 1] });
    const kernel = tf.tensor3d([1, 10], [2, 1, 1]);
    setWeights(layer, [kernel]);
    const x = tf.tensor3d([1, 2, 3, 4], [1, 4, 1]);
    const y = layer.apply(x);
    await expectClose(y, [[[21], [32], [43]]]);
    const causal = new Conv1D({
      filters: 1,
      kernelSize: 2,
      padding: 'causal',
      dilationRate: 2,
      useBias: false,
      inputShape: [null, 4, 1],
    });
    setWeights(causal, [kernel]);
    const z = causal.apply(x);
    // out[t] = 1·x[t−2] + 10·x[t] with x[<0] = 0.
    await expectClose(z, [[[10], [20], [31], [42]]]);
    tf.dispose([kernel, x, y, z]);
    layer.dispose();
    causal.dispose();
  });
});

describe('Conv1D', () => {
  it('has a [k, in, filters] kernel and rejects bad options', () => {
    const layer = new Conv1D({ filters: 4, kernelSize: 3, inputShape: [null, 10, 2] });
    expect(layer.weights.map((w) => w.shape)).toEqual([[3, 2, 4], [4]]);
    expect(layer.computeOutputShape([null, null, 2])).toEqual([null, null, 4]);
    layer.dispose();
    expect(() => new Conv1D({ filters: 1, kernelSize: 2, padding: 'causal', strides: 2 })).toThrow(
      ConfigError,
    );
    expect(() => new Conv1D({ filters: 1, kernelSize: 2, padding: 'full' as never })).toThrow(ConfigError);
    expect(() => new Conv1D({ filters: 1, kernelSize: 5, inputShape: [null, 3, 1] }).built).toThrow(
      ShapeError,
    );
  });
});
