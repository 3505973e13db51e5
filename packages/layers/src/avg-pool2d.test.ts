import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { AvgPool2D } from './avg-pool2d.js';
import { runLayerTest } from './testing/index.js';

await describeBackends('AvgPool2D', () => {
  describe('2×2', () =>
    runLayerTest(() => new AvgPool2D(), { inputShape: [2, 4, 4, 3], expectedOutputShape: [2, 2, 2, 3] }));
  describe('3×3 stride 2 same', () =>
    runLayerTest(() => new AvgPool2D({ poolSize: 3, strides: 2, padding: 'same' }), {
      inputShape: [1, 5, 5, 2],
      expectedOutputShape: [1, 3, 3, 2],
    }));

  it('averages each window, and only the values inside the border with same padding', async () => {
    const x = tf.tensor4d([1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 0, 3, -1], [1, 4, 4, 1]);
    const y = new AvgPool2D().apply(x);
    await expectClose(y, [13 / 4, 19 / 4, 13 / 4, 5 / 4]);
    // 5×5 input 0…24, 3×3 windows, stride 2, 'same': tfjs pads one row and column on each side,
    // so windows start at −1, 1, 3 and average only the values inside (Keras and TF do the same).
    const grid = tf.tidy(() => tf.reshape(tf.range(0, 25), [1, 5, 5, 1]));
    const z = new AvgPool2D({ poolSize: 3, strides: 2, padding: 'same' }).apply(grid);
    const expected: number[] = [];
    for (const top of [-1, 1, 3]) {
      for (const left of [-1, 1, 3]) {
        const inside: number[] = [];
        for (let i = top; i < top + 3; i++)
          for (let j = left; j < left + 3; j++)
            if (i >= 0 && i < 5 && j >= 0 && j < 5) inside.push(5 * i + j);
        expected.push(inside.reduce((a, b) => a + b, 0) / inside.length);
      }
    }
    await expectClose(z, expected);
    tf.dispose([x, y, grid, z]);
  });
});

describe('AvgPool2D', () => {
  it('defaults strides to the pool size and has no weights', () => {
    const layer = new AvgPool2D({ poolSize: [2, 3] });
    expect(layer.getConfig()).toMatchObject({ poolSize: [2, 3], strides: [2, 3], padding: 'valid' });
    expect(layer.computeOutputShape([null, 7, 7, 4])).toEqual([null, 3, 2, 4]);
    expect(layer.countParams()).toBe(0);
  });
});
