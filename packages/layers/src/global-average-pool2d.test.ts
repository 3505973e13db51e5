import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { GlobalAveragePool2D } from './global-average-pool2d.js';
import { runLayerTest } from './testing/index.js';

await describeBackends('GlobalAveragePool2D', () => {
  describe('default', () =>
    runLayerTest(() => new GlobalAveragePool2D(), { inputShape: [2, 3, 4, 5], expectedOutputShape: [2, 5] }));
  describe('keepDims', () =>
    runLayerTest(() => new GlobalAveragePool2D({ keepDims: true }), {
      inputShape: [2, 3, 2, 3],
      expectedOutputShape: [2, 1, 1, 3],
    }));

  it('averages over height and width per channel', async () => {
    const x = tf.tensor4d([1, 10, 2, 20, 3, 30, 6, 60], [1, 2, 2, 2]);
    const y = new GlobalAveragePool2D().apply(x);
    await expectClose(y, [[3, 30]]);
    tf.dispose([x, y]);
  });
});

describe('GlobalAveragePool2D', () => {
  it('needs NHWC inputs', () => {
    expect(() => new GlobalAveragePool2D({ inputShape: [null, 3] }).built).toThrow(ShapeError);
  });
});
