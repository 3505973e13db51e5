import * as tf from '@tensorflow/tfjs-core';
import { batches } from '@weft/data';
import { Dense } from '@weft/layers';
import { F1Score } from '@weft/metrics';
import { mlp } from '@weft/models';
import { describeBackends } from '@weft/testing';
import * as aq from 'arquero';
import { expect, it } from 'vitest';
import { blobs, linearData, snapshot } from '../test/helpers.js';
import { evaluate } from './evaluate.js';
import { fit } from './fit.js';
import { SparseCategoricalCrossentropyLoss } from './losses/sparse-categorical-crossentropy.js';

await describeBackends('fit inputs', () => {
  it('trains a classifier from int32 labels with accuracy and a @weft/metrics object per epoch', async () => {
    const { x, labels } = blobs(1, 20);
    const xs = tf.tensor2d(x);
    const ys = tf.tensor1d(labels, 'int32');
    const model = mlp({ inputs: 2, hidden: [8], outputs: 3, seed: 2 });
    const history = await fit(
      model,
      { x: xs, y: ys },
      {
        loss: new SparseCategoricalCrossentropyLoss({ fromLogits: true }),
        optimizer: 'adam',
        learningRate: 0.05,
        epochs: 15,
        batchSize: 16,
        metrics: ['accuracy', new F1Score({ average: 'macro' })],
        validationSplit: 0.25,
        verbose: 0,
      },
    );
    expect(Object.keys(history.history)).toEqual([
      'loss',
      'accuracy',
      'f1Score',
      'valLoss',
      'valAccuracy',
      'valF1Score',
    ]);
    expect(history.last('valAccuracy')).toBeGreaterThan(0.9);
    expect(history.last('f1Score')).toBeGreaterThan(0.9);
    const loss = new SparseCategoricalCrossentropyLoss({ fromLogits: true });
    const scores = await evaluate(model, { x: xs, y: ys }, { loss, metrics: ['accuracy'] });
    expect(scores.accuracy).toBeGreaterThan(0.9);
    // The same labels with the probability form of the loss: the logits are caught before training.
    await expect(
      fit(model, { x: xs, y: ys }, { loss: 'sparseCategoricalCrossentropy', verbose: 0 }),
    ).rejects.toThrow(
      /outputs are not probabilities .* SparseCategoricalCrossentropyLoss\(\{ fromLogits: true \}\)/,
    );
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('trains on a stream of batches (re-iterable, or one per epoch) like on the same tensors', async () => {
    const { x, y } = linearData(4, 40);
    const table = aq.table({ a: x.map((r) => r[0]), b: x.map((r) => r[1]), t: y.map((r) => r[0]) });
    const common = { loss: 'mse', optimizer: 'sgd', learningRate: 0.1, epochs: 3, verbose: 0 } as const;
    const fromStream = new Dense({ units: 1, inputShape: [null, 2], seed: 3 });
    const stream = batches(table, { features: ['a', 'b'], target: 't', batchSize: 8 });
    const h1 = await fit(fromStream, stream, common);
    const fromTensors = new Dense({ units: 1, inputShape: [null, 2], seed: 3 });
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const h2 = await fit(fromTensors, { x: xs, y: ys }, { ...common, batchSize: 8, shuffle: false });
    expect(h1.history.loss).toEqual(h2.history.loss?.map((v) => expect.closeTo(v, 5)));
    expect(await snapshot(fromStream)).toEqual(
      (await snapshot(fromTensors)).map((w) => w.map((v) => expect.closeTo(v, 5))),
    );
    // A fresh shuffle each epoch, validation on a stream, evaluate on a stream.
    const seeds: number[] = [];
    const perEpoch = (epoch: number) => {
      seeds.push(epoch);
      return batches(table, { features: ['a', 'b'], target: 't', batchSize: 8, shuffle: true, seed: epoch });
    };
    const h3 = await fit(fromStream, perEpoch, { ...common, validationData: stream, metrics: ['mae'] });
    expect(seeds).toEqual([0, 1, 2]);
    expect(h3.history.valMae).toHaveLength(3);
    const score = await evaluate(fromStream, stream, { loss: 'mse' });
    expect(score.loss).toBeCloseTo(h3.last('valLoss') as number, 5);
    tf.dispose([xs, ys]);
    fromStream.dispose();
    fromTensors.dispose();
  });

  it('reads sampleWeight from a table column like from a tensor', async () => {
    const { x, y } = linearData(6, 12);
    const w = x.map((_, i) => (i % 3) + 0.5);
    const table = aq.table({ a: x.map((r) => r[0]), b: x.map((r) => r[1]), t: y.map((r) => r[0]), w });
    const common = { loss: 'mse', optimizer: 'sgd', epochs: 2, batchSize: 4, verbose: 0 } as const;
    const m1 = new Dense({ units: 1, inputShape: [null, 2], seed: 2 });
    const h1 = await fit(m1, { table, features: ['a', 'b'], target: 't' }, { ...common, sampleWeight: 'w' });
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const ws = tf.tensor1d(w);
    const m2 = new Dense({ units: 1, inputShape: [null, 2], seed: 2 });
    const h2 = await fit(m2, { x: xs, y: ys }, { ...common, sampleWeight: ws });
    expect(h1.history.loss).toEqual(h2.history.loss);
    await expect(
      fit(m1, { table, features: ['a', 'b'], target: 't' }, { ...common, sampleWeight: 'weight' }),
    ).rejects.toThrow(/has no column/);
    tf.dispose([xs, ys, ws]);
    m1.dispose();
    m2.dispose();
  });

  it('rejects out-of-range labels, empty data and broken streams with typed errors, before any step', async () => {
    const model = mlp({ inputs: 2, hidden: [3], outputs: 3, seed: 1 });
    const before = await snapshot(model);
    const xs = tf.tensor2d([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    const bad = tf.tensor1d([0, 3, 1], 'int32');
    await expect(
      fit(model, { x: xs, y: bad }, { loss: 'sparseCategoricalCrossentropy', verbose: 0 }),
    ).rejects.toMatchObject({
      code: 'VALUE_ERROR',
      message: expect.stringMatching(/label 3 at position 1 is not a class index .* from 0 to 2/),
    });
    const oneHot = tf.tensor2d([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    await expect(
      fit(model, { x: xs, y: oneHot }, { loss: 'sparseCategoricalCrossentropy', verbose: 0 }),
    ).rejects.toThrow(/sparse categorical labels do not fit.*use categoricalCrossentropy/);
    const empty = tf.zeros([0, 2]);
    const emptyY = tf.zeros([0, 1]);
    await expect(fit(model, { x: empty, y: emptyY }, { loss: 'mse', verbose: 0 })).rejects.toThrow(
      /the data has no rows/,
    );
    const nothing = { async *[Symbol.asyncIterator]() {} };
    await expect(fit(model, nothing, { loss: 'mse', verbose: 0 })).rejects.toThrow(
      /gave no batches in epoch 1/,
    );
    const noTargets = batches({ x: xs }, { batchSize: 2 });
    await expect(fit(model, noTargets, { loss: 'mse', verbose: 0 })).rejects.toMatchObject({
      code: 'SHAPE_ERROR',
    });
    await expect(
      fit(model, batches({ x: xs, y: bad }, { batchSize: 2 }), {
        loss: 'sparseCategoricalCrossentropy',
        verbose: 0,
      }),
    ).rejects.toThrow(/label 3/);
    const twoWeights = tf.ones([2]);
    await expect(
      fit(model, { x: xs, y: bad }, { loss: 'mse', sampleWeight: twoWeights, verbose: 0 }),
    ).rejects.toThrow(/sampleWeight does not give one weight per row/);
    await expect(fit(model, { x: xs, y: oneHot }, { loss: 'mse', clipNorm: -1 })).rejects.toThrow(
      /clipNorm must be a positive/,
    );
    await expect(fit(model, { x: xs, y: oneHot }, { loss: 'mse', ema: { decay: 1 } })).rejects.toThrow(
      /ema.decay/,
    );
    expect(await snapshot(model)).toEqual(before);
    tf.dispose([xs, bad, oneHot, empty, emptyY, twoWeights]);
    model.dispose();
  });

  it('trains only unfrozen layers, and picks up unfreezing at the next epoch', async () => {
    const { x, y } = linearData(5, 32);
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const model = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 6 });
    const [first] = model.layers;
    (first as Dense).trainable = false;
    const start = await snapshot(model);
    const afterEpoch: number[][][] = [];
    await fit(
      model,
      { x: xs, y: ys },
      {
        loss: 'mse',
        epochs: 2,
        verbose: 0,
        callbacks: [
          { onEpochEnd: async () => void afterEpoch.push(await snapshot(model)) },
          {
            onEpochEnd: () => {
              (first as Dense).trainable = true;
            },
          },
        ],
      },
    );
    // Epoch 1: the first layer's kernel and bias did not move, the output layer's did.
    expect(afterEpoch[0]?.slice(0, 2)).toEqual(start.slice(0, 2));
    expect(afterEpoch[0]?.slice(2)).not.toEqual(start.slice(2));
    // Epoch 2, after unfreezing: it moves.
    expect(afterEpoch[1]?.slice(0, 2)).not.toEqual(start.slice(0, 2));
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
