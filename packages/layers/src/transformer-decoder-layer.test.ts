import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { makeInput, runLayerTest } from './testing/index.js';
import { TransformerDecoderLayer } from './transformer-decoder-layer.js';

// The feed-forward block's ReLU has kinks: with the default step (1e-2) one probed coordinate
// crosses one (finite difference −0.0369 against −0.0352; −0.0354 at 3e-3): a smaller step.
await describeBackends('TransformerDecoderLayer', () => {
  describe('post-norm', () =>
    runLayerTest(() => new TransformerDecoderLayer({ numHeads: 2, ffDim: 8, seed: 1 }), {
      inputShape: [
        [2, 3, 4],
        [2, 5, 4],
      ],
      expectedOutputShape: [2, 3, 4],
      tolerance: { eps: 1e-3 },
    }));
  describe('pre-norm', () =>
    runLayerTest(() => new TransformerDecoderLayer({ numHeads: 1, ffDim: 4, normFirst: true, seed: 2 }), {
      inputShape: [
        [2, 2, 4],
        [2, 3, 4],
      ],
      expectedOutputShape: [2, 2, 4],
    }));

  it('is causal over the target and ignores padded memory', async () => {
    const layer = new TransformerDecoderLayer({ numHeads: 2, ffDim: 8, seed: 3 });
    const target = makeInput([1, 4, 4]);
    const memory = makeInput([1, 3, 4], { seed: 5 });
    const laterChanged = tf.tidy(() =>
      tf.concat([tf.slice(target, [0, 0, 0], [1, 2, 4]), tf.fill([1, 2, 4], 2)], 1),
    );
    const memoryChanged = tf.tidy(() =>
      tf.concat([tf.slice(memory, [0, 0, 0], [1, 2, 4]), tf.fill([1, 1, 4], -5)], 1),
    );
    const memoryMask = tf.tensor2d([[1, 1, 0]]);
    const first = (t: tf.Tensor) => tf.slice(t, [0, 0, 0], [1, 2, 4]);
    const base = layer.apply([target, memory], { mask: [null, memoryMask] });
    const later = layer.apply([laterChanged, memory], { mask: [null, memoryMask] });
    const padded = layer.apply([target, memoryChanged], { mask: [null, memoryMask] });
    const [b2, l2] = [first(base), first(later)];
    await expectClose(l2, b2, { atol: 1e-5, rtol: 1e-5 });
    await expectClose(padded, base, { atol: 1e-5, rtol: 1e-5 });
    tf.dispose([target, memory, laterChanged, memoryChanged, memoryMask, base, later, padded, b2, l2]);
    layer.dispose();
  });
});

describe('TransformerDecoderLayer', () => {
  it("takes [target, memory] and has PyTorch's parameter count", () => {
    const layer = new TransformerDecoderLayer({
      numHeads: 2,
      ffDim: 16,
      inputShape: [
        [null, null, 8],
        [null, null, 8],
      ],
    });
    // nn.TransformerDecoderLayer(8, 2, 16): 2 attentions, 2 linears, 3 norms
    expect(layer.countParams()).toBe(2 * 4 * 72 + (8 * 16 + 16) + (16 * 8 + 8) + 3 * 16);
    expect(layer.getConfig().causal).toBe(true);
    layer.dispose();
    expect(() => new TransformerDecoderLayer({ numHeads: 1, ffDim: 2 }).build([null, 2, 4])).toThrow(
      ShapeError,
    );
  });
});
