import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import { describeBackends } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { Dropout } from './dropout.js';
import { runLayerTest } from './testing/index.js';

await describeBackends('Dropout', ({ backend }) => {
  describe('inference', () =>
    runLayerTest(() => new Dropout({ rate: 0.5, seed: 1 }), {
      inputShape: [2, 5],
      expectedOutputShape: [2, 5],
    }));

  it(`draws the same masks for the same seed on ${backend}`, async () => {
    const x = tf.ones([4, 50]);
    const masks = async (seed: number) => {
      const layer = new Dropout({ rate: 0.3, seed });
      const out = [];
      for (let i = 0; i < 2; i++) {
        const y = layer.apply(x, { training: true });
        out.push(Array.from(await y.data()));
        y.dispose();
      }
      layer.dispose();
      return out;
    };
    const [a, b, c] = [await masks(1), await masks(1), await masks(2)];
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(a[1]); // a new mask each call
    expect(a[0]).not.toEqual(c[0]);
    const values = a.flat();
    expect(new Set(values.map((v) => v.toFixed(5)))).toEqual(new Set(['0.00000', (1 / 0.7).toFixed(5)]));
    const kept = values.filter((v) => v > 0).length / values.length;
    expect(kept).toBeGreaterThan(0.6);
    expect(kept).toBeLessThan(0.8);
    x.dispose();
  });

  it('is the identity outside training, returning a new tensor', async () => {
    const x = tf.tensor2d([[1, 2, 3]]);
    const layer = new Dropout({ rate: 0.9 });
    const y = layer.apply(x);
    expect(y).not.toBe(x);
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    tf.dispose([x, y]);
  });

  it('passes gradients through the kept units only', async () => {
    const x = tf.ones([1, 40]);
    const layer = new Dropout({ rate: 0.5, seed: 3 });
    const g = tf.grad((input) => tf.sum(layer.apply(input, { training: true })))(x);
    const values = Array.from(await g.data());
    expect(new Set(values)).toEqual(new Set([0, 2]));
    tf.dispose([x, g]);
  });
});

describe('Dropout', () => {
  it('rejects rates outside [0, 1)', () => {
    expect(() => new Dropout({ rate: 1 })).toThrow(ConfigError);
    expect(() => new Dropout({ rate: -0.1 })).toThrow(ConfigError);
  });
});
