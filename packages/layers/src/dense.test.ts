import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { Dense, dense } from './dense.js';
import { runLayerTest } from './testing/index.js';
import { getWeights, setWeights } from './weights.js';

await describeBackends('Dense', () => {
  describe('tanh', () =>
    runLayerTest(() => new Dense({ units: 3, activation: 'tanh', seed: 1 }), {
      inputShape: [2, 4],
      expectedOutputShape: [2, 3],
    }));
  describe('rank 3, softmax, no bias', () =>
    runLayerTest(() => new Dense({ units: 5, activation: 'softmax', useBias: false, seed: 2 }), {
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 5],
    }));
  describe('gelu, heNormal', () =>
    runLayerTest(() => new Dense({ units: 2, activation: 'gelu', kernelInitializer: 'heNormal', seed: 3 }), {
      inputShape: [3, 2],
      expectedOutputShape: [3, 2],
    }));

  it('computes x · kernel + bias', async () => {
    const layer = dense({ units: 2, seed: 0 });
    layer.build([null, 3]);
    const kernel = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const bias = tf.tensor1d([0.5, -0.5]);
    setWeights(layer, [kernel, bias]);
    tf.dispose([kernel, bias]);
    const x = tf.tensor2d([[1, 1, 1]]);
    const y = layer.apply(x);
    await expectClose(y, [[9.5, 11.5]]);
    tf.dispose([x, y]);
    layer.dispose();
  });
});

describe('Dense', () => {
  it('has Keras-style names and weight names', () => {
    const a = new Dense({ units: 1, name: 'out', inputShape: [null, 2] });
    expect(a.namedWeights.map((w) => w.name)).toEqual(['out/kernel', 'out/bias']);
    expect(a.countParams()).toBe(3);
    const b = new Dense({ units: 1 });
    const c = new Dense({ units: 1 });
    expect(c.name).toMatch(/^dense(_\d+)?$/);
    expect(b.name).not.toBe(c.name);
    a.dispose();
  });

  it('draws the same initial weights from the same seed, and different ones from another', async () => {
    const make = (seed: number) => new Dense({ units: 4, seed, inputShape: [null, 3] });
    const [a, b, c] = [make(5), make(5), make(6)];
    const [wa, wb, wc] = [getWeights(a), getWeights(b), getWeights(c)];
    expect(Array.from(await (wa[0] as tf.Tensor).data())).toEqual(
      Array.from(await (wb[0] as tf.Tensor).data()),
    );
    expect(Array.from(await (wa[0] as tf.Tensor).data())).not.toEqual(
      Array.from(await (wc[0] as tf.Tensor).data()),
    );
    tf.dispose([...wa, ...wb, ...wc]);
    for (const layer of [a, b, c]) layer.dispose();
  });

  it('records a drawn seed so its config rebuilds the same weights', () => {
    const layer = new Dense({ units: 2, inputShape: [null, 2] });
    expect(typeof layer.getConfig().seed).toBe('number');
    layer.dispose();
  });

  it('freezes: no trainable weights, variables marked untrainable', () => {
    const layer = new Dense({ units: 2, inputShape: [null, 2], trainable: false });
    expect(layer.trainableWeights).toEqual([]);
    expect(layer.weights).toHaveLength(2);
    expect(layer.weights.every((v) => !v.trainable)).toBe(true);
    layer.trainable = true;
    expect(layer.trainableWeights).toHaveLength(2);
    expect(layer.weights.every((v) => v.trainable)).toBe(true);
    layer.dispose();
  });

  it('rejects bad options with ConfigError', () => {
    expect(() => new Dense({ units: 0 })).toThrow(ConfigError);
    expect(() => new Dense({ units: 2, activation: 'relu6' as never })).toThrow(/activation/);
    expect(() => new Dense({ units: 2, unit: 3 } as never)).toThrow(/unknown option "unit"/);
  });

  it('rejects inputs whose last axis does not fit, and weights of the wrong shape', () => {
    const layer = new Dense({ units: 2, inputShape: [null, 3] });
    const x = tf.zeros([1, 4]);
    expect(() => layer.apply(x)).toThrow(ShapeError);
    const wrong = [tf.zeros([4, 2]), tf.zeros([2])];
    expect(() => setWeights(layer, wrong)).toThrow(ShapeError);
    expect(() => setWeights(layer, wrong.slice(0, 1))).toThrow(ShapeError);
    tf.dispose([x, ...wrong]);
    layer.dispose();
  });
});
