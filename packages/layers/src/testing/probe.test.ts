import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type ApplyOptions, Layer } from '../layer.js';
import { makeInput, numericalGradients, probe } from './probe.js';

/** x², with its gradient scaled by `factor` (1 = correct), to check that the harness sees wrong gradients. */
class Square extends Layer {
  constructor(private readonly factor: number) {
    super('Square', {});
  }
  protected call(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    const f = tf.customGrad((input, save) => {
      const t = input as tf.Tensor;
      (save as tf.GradSaveFunc)([t]);
      return {
        value: tf.square(t),
        gradFunc: (dy, [saved]) => tf.mul(dy, tf.mul(saved as tf.Tensor, 2 * this.factor)),
      };
    });
    return f(x);
  }
}

describe('gradient probe', () => {
  const compare = async (factor: number) => {
    const layer = new Square(factor);
    const x = makeInput([2, 3]);
    const analytic = await probe(layer, x, false);
    const [numeric] = await numericalGradients(layer, x, {
      eps: 1e-2,
      count: 8,
      training: false,
      outputSize: 6,
    });
    tf.dispose(x);
    layer.dispose();
    return numeric!.indices.map((i, k) => Math.abs(numeric!.values[k]! - analytic.inputGradient![i]!));
  };

  it('agrees with finite differences for a correct gradient', async () => {
    expect(Math.max(...(await compare(1)))).toBeLessThan(1e-4);
  });

  it('disagrees for a wrong one', async () => {
    expect(Math.max(...(await compare(1.5)))).toBeGreaterThan(1e-2);
  });

  it('draws the same input from the same seed', async () => {
    const [a, b, c] = [makeInput([3]), makeInput([3]), makeInput([3], { seed: 2 })];
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    expect(Array.from(await a.data())).not.toEqual(Array.from(await c.data()));
    const ints = makeInput([50], { dtype: 'int32', range: [2, 5] });
    const values = Array.from(await ints.data());
    expect(ints.dtype).toBe('int32');
    expect(Math.min(...values)).toBe(2);
    expect(Math.max(...values)).toBe(4);
    tf.dispose([a, b, c, ints]);
  });
});
