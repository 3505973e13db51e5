import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@weft/core';
import { Dense, getWeights } from '@weft/layers';
import { describe, expect, it } from 'vitest';
import { mlp } from './mlp.js';
import { modelRegistry } from './registry.js';

describe('mlp', () => {
  it('builds Dense layers with the right shapes and parameter count', () => {
    const model = mlp({ inputs: 3, hidden: [10, 5], outputs: 2, seed: 1 });
    expect(model.built).toBe(true);
    expect(model.layers.every((l) => l instanceof Dense)).toBe(true);
    expect(model.weights.map((w) => w.shape)).toEqual([[3, 10], [10], [10, 5], [5], [5, 2], [2]]);
    expect(model.countParams()).toBe(3 * 10 + 10 + 10 * 5 + 5 + 5 * 2 + 2);
    expect((model.layers[0] as Dense).activation).toBe('relu');
    expect((model.layers[2] as Dense).activation).toBe('linear');
    expect(model.computeOutputShape([null, 3])).toEqual([null, 2]);
    model.dispose();
  });

  it('defaults to two hidden layers of 64', () => {
    const model = mlp({ inputs: 4, outputs: 1 });
    expect(model.layers.map((l) => (l as Dense).units)).toEqual([64, 64, 1]);
    model.dispose();
  });

  it('gives the same weights for the same seed', async () => {
    const read = async (seed: number) => {
      const model = mlp({ inputs: 2, hidden: [3], outputs: 1, seed });
      const ws = getWeights(model);
      const values = await Promise.all(ws.map(async (w) => Array.from(await w.data())));
      tf.dispose(ws);
      model.dispose();
      return values;
    };
    expect(await read(5)).toEqual(await read(5));
    expect(await read(5)).not.toEqual(await read(6));
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => mlp({ inputs: 0, outputs: 1 })).toThrow(ConfigError);
    expect(() => mlp({ inputs: 2, hidden: [4, 2.5], outputs: 1 })).toThrow(/hidden\[1\]/);
  });

  it('is in the model registry', () => {
    const model = modelRegistry.get('mlp')({ inputs: 2, hidden: [4], outputs: 1, seed: 0 });
    expect(model.countParams()).toBe(2 * 4 + 4 + 4 + 1);
    model.dispose();
  });

  it('learns a small regression problem with a plain tfjs optimizer', async () => {
    // y = 2·x0 − 3·x1 + 0.5 + noise, 64 rows.
    const before = tf.memory().numTensors;
    const rng = new Rng(11);
    const xs = Float32Array.from({ length: 128 }, () => rng.uniform(-1, 1));
    const ys = Float32Array.from(
      { length: 64 },
      (_, i) => 2 * xs[2 * i]! - 3 * xs[2 * i + 1]! + 0.5 + rng.normal(0, 0.05),
    );
    const x = tf.tensor2d(xs, [64, 2]);
    const y = tf.tensor2d(ys, [64, 1]);
    const model = mlp({ inputs: 2, hidden: [16], outputs: 1, seed: 3 });
    const optimizer = tf.train.adam(0.01);
    const losses: number[] = [];
    for (let step = 0; step < 100; step++) {
      const loss = optimizer.minimize(
        () => tf.losses.meanSquaredError(y, model.apply(x)) as tf.Scalar,
        true,
        model.trainableWeights,
      );
      losses.push((await loss!.data())[0]!);
      loss!.dispose();
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 10);
    expect(losses.at(-1)!).toBeLessThan(0.1);
    optimizer.dispose();
    model.dispose();
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
