import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { LayerNormalization } from './layer-normalization.js';
import { runLayerTest } from './testing/index.js';
import { setWeights } from './weights.js';

await describeBackends('LayerNormalization', () => {
  describe('default', () =>
    runLayerTest(() => new LayerNormalization(), { inputShape: [3, 5], expectedOutputShape: [3, 5] }));
  describe('rank 3, no center', () =>
    runLayerTest(() => new LayerNormalization({ center: false, epsilon: 1e-5 }), {
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 4],
    }));

  it('normalizes each row, then scales and shifts', async () => {
    const layer = new LayerNormalization({ epsilon: 1e-6, inputShape: [null, 4] });
    const [gamma, beta] = [tf.tensor1d([1, 2, 1, 1]), tf.tensor1d([0, 0, 0, 10])];
    setWeights(layer, [gamma, beta]);
    const x = tf.tensor2d([
      [1, 2, 3, 4],
      [10, 10, 10, 14],
    ]);
    const y = layer.apply(x);
    const s = Math.sqrt(1.25);
    await expectClose(
      y,
      [
        [-1.5 / s, (2 * -0.5) / s, 0.5 / s, 10 + 1.5 / s],
        [-1 / Math.sqrt(3), (2 * -1) / Math.sqrt(3), -1 / Math.sqrt(3), 10 + 3 / Math.sqrt(3)],
      ],
      { atol: 1e-5, rtol: 1e-5 },
    );
    tf.dispose([gamma, beta, x, y]);
    layer.dispose();
  });
});

describe('LayerNormalization', () => {
  it('has gamma and beta per feature', () => {
    const layer = new LayerNormalization({ inputShape: [null, 6], name: 'ln' });
    expect(layer.namedWeights.map((w) => [w.name, w.variable.shape])).toEqual([
      ['ln/gamma', [6]],
      ['ln/beta', [6]],
    ]);
    layer.dispose();
  });
});
