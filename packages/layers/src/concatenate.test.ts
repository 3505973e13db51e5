import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { Concatenate } from './concatenate.js';
import { runLayerTest } from './testing/index.js';

await describeBackends('Concatenate', () => {
  describe('features', () =>
    runLayerTest(() => new Concatenate(), {
      inputShape: [
        [2, 3],
        [2, 2],
      ],
      expectedOutputShape: [2, 5],
    }));
  describe('axis 1 of rank 3', () =>
    runLayerTest(() => new Concatenate({ axis: 1 }), {
      inputShape: [
        [2, 1, 3],
        [2, 2, 3],
        [2, 3, 3],
      ],
      expectedOutputShape: [2, 6, 3],
    }));

  it('joins along the axis', async () => {
    const a = tf.tensor2d([[1, 2]]);
    const b = tf.tensor2d([[3]]);
    const y = new Concatenate().apply([a, b]);
    await expectClose(y, [[1, 2, 3]]);
    tf.dispose([a, b, y]);
  });
});

describe('Concatenate', () => {
  it('checks the other axes and its options', () => {
    expect(() =>
      new Concatenate().build([
        [null, 2, 3],
        [null, 3, 3],
      ]),
    ).toThrow(ShapeError);
    expect(() => new Concatenate({ axis: 0 })).toThrow(ConfigError);
    expect(
      new Concatenate({ axis: 1 }).computeOutputShape([
        [null, null, 3],
        [null, 2, 3],
      ]),
    ).toEqual([null, null, 3]);
  });
});
