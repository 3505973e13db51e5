import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { Add } from './add.js';
import { runLayerTest } from './testing/index.js';

await describeBackends('Add', () => {
  describe('two inputs', () =>
    runLayerTest(() => new Add(), {
      inputShape: [
        [2, 3],
        [2, 3],
      ],
      expectedOutputShape: [2, 3],
    }));
  describe('three rank-3 inputs', () =>
    runLayerTest(() => new Add(), {
      inputShape: [
        [2, 2, 3],
        [2, 2, 3],
        [2, 2, 3],
      ],
      expectedOutputShape: [2, 2, 3],
    }));

  it('adds elementwise and ANDs the masks', async () => {
    const a = tf.tensor2d([[1, 2]]);
    const b = tf.tensor2d([[10, 20]]);
    const layer = new Add();
    const y = layer.apply([a, b]);
    await expectClose(y, [[11, 22]]);
    const m1 = tf.tensor2d([[1, 1, 0]], [1, 3], 'bool');
    const m2 = tf.tensor2d([[1, 0, 0]], [1, 3], 'bool');
    const mask = tf.tidy(() => layer.computeMask([a, b], [m1, null]) as tf.Tensor);
    expect(Array.from(await mask.data())).toEqual([1, 1, 0]);
    const both = tf.tidy(() => layer.computeMask([a, b], [m1, m2]) as tf.Tensor);
    expect(Array.from(await both.data())).toEqual([1, 0, 0]);
    expect(layer.computeMask([a, b], [null, null])).toBeNull();
    tf.dispose([a, b, y, m1, m2, mask, both]);
  });
});

describe('Add', () => {
  it('needs two or more inputs of the same shape', () => {
    expect(() => new Add().build([null, 3])).toThrow(ShapeError);
    expect(() => new Add().build([[null, 3]])).toThrow(/at least two/);
    expect(() =>
      new Add().build([
        [null, 3],
        [null, 4],
      ]),
    ).toThrow(/same shape/);
    expect(
      new Add().computeOutputShape([
        [null, 3],
        [5, 3],
      ]),
    ).toEqual([5, 3]);
  });
});
