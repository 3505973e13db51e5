import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { Conv2D } from './conv2d.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { Flatten } from './flatten.js';
import { LayerNormalization } from './layer-normalization.js';
import { LSTM } from './lstm.js';
import { MaxPool2D } from './max-pool2d.js';
import { layerFromConfig } from './registry.js';
import { Reshape } from './reshape.js';
import { type Sequential, sequential } from './sequential.js';
import { runLayerTest } from './testing/index.js';
import { getWeights } from './weights.js';

const twoLayers = (seed: number) =>
  sequential([new Dense({ units: 10, activation: 'tanh' }), new Dense({ units: 1 })], {
    seed,
    inputShape: [null, 3],
  });

await describeBackends('Sequential', () => {
  describe('built at construction', () =>
    runLayerTest(() => twoLayers(1), { inputShape: [4, 3], expectedOutputShape: [4, 1] }));
  describe('built on first call, nested', () =>
    runLayerTest(
      () =>
        sequential(
          [
            new Dense({ units: 4, activation: 'sigmoid', seed: 1 }),
            sequential([
              new Dense({ units: 3, activation: 'gelu', seed: 2 }),
              new Dense({ units: 2, activation: 'softmax', seed: 3 }),
            ]),
          ],
          { name: 'outer' },
        ),
      { inputShape: [2, 5], expectedOutputShape: [2, 2] },
    ));
  // Max pooling has kinks where two values in a window are within eps: a smaller step.
  describe('a small CNN', () =>
    runLayerTest(
      () =>
        sequential(
          [
            new Conv2D({ filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh' }),
            new MaxPool2D(),
            new Conv2D({ filters: 3, kernelSize: 2, strides: 2 }),
            new Flatten(),
            new Dropout({ rate: 0.2 }),
            new Dense({ units: 2, activation: 'softmax' }),
          ],
          { seed: 5 },
        ),
      { inputShape: [2, 8, 8, 2], expectedOutputShape: [2, 2], tolerance: { eps: 1e-3 } },
    ));
  // The embeddings start within ±0.05 and layer normalization rescales them by ~1/0.03, so the
  // loss curves on a scale far below the default step of 1e-2: a smaller step.
  describe('embedding, layer norm, reshape', () =>
    runLayerTest(
      () =>
        sequential(
          [
            new Embedding({ inputDim: 7, outputDim: 4 }),
            new LayerNormalization(),
            new Reshape({ targetShape: [-1] }),
            new Dense({ units: 3, activation: 'gelu' }),
          ],
          { seed: 6 },
        ),
      {
        inputShape: [3, 5],
        expectedOutputShape: [3, 3],
        inputDtype: 'int32',
        inputRange: [0, 7],
        tolerance: { eps: 1e-3 },
      },
    ));
});

await describeBackends('Sequential masks', () => {
  it('passes an Embedding mask down, so padding does not change the result', async () => {
    const model = sequential(
      [
        new Embedding({ inputDim: 6, outputDim: 3, maskZero: true }),
        new Dense({ units: 4 }),
        new LSTM({ units: 2 }),
      ],
      { seed: 9 },
    );
    const padded = tf.tensor2d([[4, 2, 5, 0, 0]], [1, 5], 'int32');
    const short = tf.tensor2d([[4, 2, 5]], [1, 3], 'int32');
    const [a, b] = [model.apply(padded), model.apply(short)];
    await expectClose(a, b, { atol: 1e-6, rtol: 1e-6 });
    // The LSTM (without returnSequences) ends the mask.
    expect(model.computeMask(padded, null)).toBeNull();
    tf.dispose([padded, short, a, b]);
    model.dispose();
  });
});

describe('Sequential', () => {
  it('prints a Keras-like summary with parameter counts', () => {
    const model = sequential(
      [new Dense({ units: 10, name: 'hidden' }), new Dense({ units: 1, name: 'out' })],
      {
        name: 'house',
        inputShape: [null, 3],
      },
    );
    const text = model.summary();
    expect(text).toContain('Model: "house"');
    expect(text).toMatch(/hidden \(Dense\)\s+\(None, 10\)\s+40/);
    expect(text).toMatch(/out \(Dense\)\s+\(None, 1\)\s+11/);
    expect(text).toContain('Total params: 51');
    expect(text).toContain('Trainable params: 51');
    expect(text).toContain('Non-trainable params: 0');
    expect(model.countParams()).toBe(51);
    model.layers[0]!.trainable = false;
    expect(model.summary()).toContain('Trainable params: 11');
    expect(model.summary()).toContain('Non-trainable params: 40');
    model.dispose();
  });

  it('summarizes an unbuilt model with unknown shapes', () => {
    const model = sequential([new Dense({ units: 2 })]);
    expect(model.summary()).toMatch(/\(Dense\)\s+\?\s+0/);
    model.dispose();
  });

  it('gives the same weights for the same seed and different ones for another', async () => {
    const read = async (m: Sequential) => {
      const ws = getWeights(m);
      const values = await Promise.all(ws.map(async (w) => Array.from(await w.data())));
      tf.dispose(ws);
      m.dispose();
      return values;
    };
    const a = await read(twoLayers(7));
    const b = await read(twoLayers(7));
    const c = await read(twoLayers(8));
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
    expect(a[0]).not.toEqual(a[2]); // each layer gets its own stream
  });

  it('keeps a seed a child was given', () => {
    const model = sequential([new Dense({ units: 2, seed: 42 }), new Dense({ units: 2 })], { seed: 1 });
    expect(model.layers[0]!.seed).toBe(42);
    expect(typeof model.layers[1]!.seed).toBe('number');
    model.dispose();
  });

  it('freezes every layer inside it', () => {
    const model = twoLayers(1);
    model.trainable = false;
    expect(model.trainableWeights).toEqual([]);
    expect(model.layers.every((l) => !l.trainable)).toBe(true);
    expect(model.weights.every((v) => !v.trainable)).toBe(true);
    model.trainable = true;
    model.layers[1]!.trainable = false;
    expect(model.trainableWeights).toHaveLength(2);
    expect(model.nonTrainableWeights).toHaveLength(2);
    const clone = layerFromConfig('Sequential', model.getConfig());
    expect(clone.trainableWeights).toHaveLength(2);
    clone.dispose();
    model.dispose();
  });

  it('orders weights by layer and names them <layer>/<weight>', () => {
    const model = sequential(
      [new Dense({ units: 2, name: 'a' }), new Dense({ units: 1, name: 'b', useBias: false })],
      {
        inputShape: [null, 2],
      },
    );
    expect(model.namedWeights.map((w) => w.name)).toEqual(['a/kernel', 'a/bias', 'b/kernel']);
    model.dispose();
  });

  it('rejects duplicate layer names and bad children', () => {
    expect(() =>
      sequential([new Dense({ units: 1, name: 'x' }), new Dense({ units: 1, name: 'x' })]),
    ).toThrow(ConfigError);
    expect(() => sequential([{} as never])).toThrow(ConfigError);
    expect(() => layerFromConfig('Sequential', { layers: [{ className: 'Dense' }] })).toThrow(ConfigError);
    expect(() => layerFromConfig('Sequentail', {})).toThrow(/Did you mean "Sequential"/);
  });
});
