import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { MaxPool2D } from './max-pool2d.js';
import { runLayerTest } from './testing/index.js';

// Finite differences cross a kink wherever two values in a window are within eps, so this test
// uses a smaller step than smooth layers do (1e-3; the inputs are spread over [-1, 1)).
const tolerance = { eps: 1e-3 };

await describeBackends('MaxPool2D', () => {
  describe('2×2', () =>
    runLayerTest(() => new MaxPool2D(), {
      inputShape: [2, 4, 4, 3],
      expectedOutputShape: [2, 2, 2, 3],
      tolerance,
    }));
  describe('3×3 stride 2 same', () =>
    runLayerTest(() => new MaxPool2D({ poolSize: 3, strides: 2, padding: 'same' }), {
      inputShape: [1, 5, 5, 2],
      expectedOutputShape: [1, 3, 3, 2],
      tolerance,
    }));

  it('takes the maximum of each window', async () => {
    const x = tf.tensor4d([1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 0, 3, -1], [1, 4, 4, 1]);
    const y = new MaxPool2D().apply(x);
    expect(y.shape).toEqual([1, 2, 2, 1]);
    await expectClose(y, [5, 9, 7, 3]);
    tf.dispose([x, y]);
  });

  it('routes the gradient to the maximum, also in all-negative windows', async () => {
    // Three 2×2 windows side by side; two hold only negative values.
    const rows = [
      [-4, -3, 1, -2, -0.5, -0.1],
      [-2, -1, -3, -4, -0.3, -0.2],
    ];
    const x = tf.tensor4d(rows.flat(), [1, 2, 6, 1]);
    const layer = new MaxPool2D();
    const g = tf.grad((t) => tf.sum(layer.apply(t)))(x);
    const expected = [
      [0, 0, 1, 0, 0, 1],
      [0, 1, 0, 0, 0, 0],
    ];
    expect(Array.from(await g.data())).toEqual(expected.flat());
    tf.dispose([x, g]);
  });
});

describe('MaxPool2D', () => {
  it('defaults strides to the pool size and has no weights', () => {
    const layer = new MaxPool2D({ poolSize: [2, 3] });
    expect(layer.getConfig()).toMatchObject({ poolSize: [2, 3], strides: [2, 3], padding: 'valid' });
    expect(layer.computeOutputShape([null, 7, 7, 4])).toEqual([null, 3, 2, 4]);
    expect(layer.countParams()).toBe(0);
  });
});
