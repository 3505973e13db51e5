import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { makeInput, runLayerTest } from './testing/index.js';
import { TransformerEncoderLayer } from './transformer-encoder-layer.js';

await describeBackends('TransformerEncoderLayer', () => {
  describe('post-norm', () =>
    runLayerTest(() => new TransformerEncoderLayer({ numHeads: 2, ffDim: 8, seed: 1 }), {
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 4],
    }));
  describe('pre-norm, gelu, causal', () =>
    runLayerTest(
      () =>
        new TransformerEncoderLayer({
          numHeads: 1,
          ffDim: 6,
          normFirst: true,
          activation: 'gelu',
          causal: true,
          seed: 2,
        }),
      { inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4] },
    ));

  it('ignores padded steps given by the mask', async () => {
    const layer = new TransformerEncoderLayer({ numHeads: 2, ffDim: 8, seed: 3 });
    const x = makeInput([1, 4, 4]);
    const changed = tf.tidy(() => tf.concat([tf.slice(x, [0, 0, 0], [1, 2, 4]), tf.fill([1, 2, 4], -3)], 1));
    const mask = tf.tensor2d([[1, 1, 0, 0]]);
    const [a, b] = [layer.apply(x, { mask }), layer.apply(changed, { mask })];
    const [ra, rb] = [tf.slice(a, [0, 0, 0], [1, 2, 4]), tf.slice(b, [0, 0, 0], [1, 2, 4])];
    await expectClose(ra, rb, { atol: 1e-5, rtol: 1e-5 });
    tf.dispose([x, changed, mask, a, b, ra, rb]);
    layer.dispose();
  });
});

describe('TransformerEncoderLayer', () => {
  it("names its parts after itself and has PyTorch's parameter count", () => {
    const layer = new TransformerEncoderLayer({
      numHeads: 2,
      ffDim: 16,
      name: 'enc',
      inputShape: [null, null, 8],
    });
    expect(new Set(layer.namedWeights.map((w) => w.name.split('/')[0]))).toEqual(
      new Set(['enc_attention', 'enc_norm1', 'enc_ff1', 'enc_ff2', 'enc_norm2']),
    );
    // nn.TransformerEncoderLayer(8, 2, 16): 4·(8·8 + 8) + 2·(8·16) + 16 + 8 + 2·2·8
    expect(layer.countParams()).toBe(4 * 72 + 2 * 128 + 16 + 8 + 32);
    expect(layer.getConfig()).toMatchObject({
      dropout: 0.1,
      activation: 'relu',
      normFirst: false,
      epsilon: 1e-5,
    });
    layer.trainable = false;
    expect(layer.trainableWeights).toEqual([]);
    layer.dispose();
  });

  it('rejects widths the heads do not divide, and bad options', () => {
    expect(
      () => new TransformerEncoderLayer({ numHeads: 3, ffDim: 4, inputShape: [null, 2, 4] }).built,
    ).toThrow(ShapeError);
    expect(() => new TransformerEncoderLayer({ numHeads: 1, ffDim: 4, dropout: -1 })).toThrow(ConfigError);
  });
});
