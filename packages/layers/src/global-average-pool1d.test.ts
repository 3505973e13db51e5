import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, it } from 'vitest';
import { GlobalAveragePool1D } from './global-average-pool1d.js';
import { runLayerTest } from './testing/index.js';

await describeBackends('GlobalAveragePool1D', () => {
  describe('default', () =>
    runLayerTest(() => new GlobalAveragePool1D(), { inputShape: [2, 4, 3], expectedOutputShape: [2, 3] }));

  it('averages the real steps only when masked', async () => {
    const x = tf.tensor3d([
      [
        [1, 10],
        [3, 30],
        [100, 100],
      ],
    ]);
    const layer = new GlobalAveragePool1D();
    const plain = layer.apply(x);
    await expectClose(plain, [[104 / 3, 140 / 3]], { atol: 1e-5, rtol: 1e-6 });
    const mask = tf.tensor2d([[1, 1, 0]], [1, 3], 'bool');
    const masked = layer.apply(x, { mask });
    await expectClose(masked, [[2, 20]]);
    tf.dispose([x, plain, mask, masked]);
  });
});
