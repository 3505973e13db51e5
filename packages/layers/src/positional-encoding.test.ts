import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { PositionalEncoding, sinusoids } from './positional-encoding.js';
import { runLayerTest } from './testing/index.js';

await describeBackends('PositionalEncoding', () => {
  describe('sinusoidal', () =>
    runLayerTest(() => new PositionalEncoding({ maxLength: 8 }), {
      inputShape: [2, 5, 4],
      expectedOutputShape: [2, 5, 4],
    }));
  describe('learned', () =>
    runLayerTest(() => new PositionalEncoding({ maxLength: 8, kind: 'learned', seed: 1 }), {
      inputShape: [2, 5, 4],
      expectedOutputShape: [2, 5, 4],
    }));

  it("adds Vaswani et al.'s sinusoids", async () => {
    const x = tf.zeros([1, 3, 4]);
    const y = new PositionalEncoding({ maxLength: 3 }).apply(x);
    const row = (t: number) => [Math.sin(t), Math.cos(t), Math.sin(t / 100), Math.cos(t / 100)];
    await expectClose(y, [[row(0), row(1), row(2)]], { atol: 1e-6, rtol: 1e-6 });
    tf.dispose([x, y]);
  });
});

describe('PositionalEncoding', () => {
  it('has weights only when learned, and refuses sequences past maxLength', () => {
    const fixed = new PositionalEncoding({ maxLength: 4, inputShape: [null, null, 6] });
    expect(fixed.countParams()).toBe(0);
    const learned = new PositionalEncoding({ maxLength: 4, kind: 'learned', inputShape: [null, 4, 6] });
    expect(learned.countParams()).toBe(24);
    learned.dispose();
    expect(() => new PositionalEncoding({ maxLength: 4, inputShape: [null, 5, 6] }).built).toThrow(
      ShapeError,
    );
    expect(sinusoids(2, 2)).toEqual(Float32Array.from([0, 1, Math.sin(1), Math.cos(1)]));
  });
});
