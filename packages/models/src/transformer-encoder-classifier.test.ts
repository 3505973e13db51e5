import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@weft/core';
import { GlobalAveragePool1D, TransformerEncoderLayer } from '@weft/layers';
import { describeBackends } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { modelRegistry } from './registry.js';
import { transformerEncoderClassifier } from './transformer-encoder-classifier.js';

/** Id rows of random length 3–8 (0-padded), labelled 1 when id 5 occurs. */
function containsFive(n: number, seed: number): { ids: tf.Tensor2D; labels: tf.Tensor2D } {
  const rng = new Rng(seed);
  const ids = new Int32Array(n * 8);
  const labels = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const length = 3 + rng.int(6);
    const positive = i % 2 === 0;
    for (let t = 0; t < length; t++) ids[i * 8 + t] = 1 + rng.int(10);
    for (let t = 0; t < length; t++) if (ids[i * 8 + t] === 5) ids[i * 8 + t] = 6;
    if (positive) ids[i * 8 + rng.int(length)] = 5;
    labels[i * 2 + (positive ? 1 : 0)] = 1;
  }
  return { ids: tf.tensor2d(ids, [n, 8], 'int32'), labels: tf.tensor2d(labels, [n, 2]) };
}

await describeBackends('transformerEncoderClassifier', () => {
  it('trains on a tiny task (does id 5 occur?): the loss falls', async () => {
    const { ids, labels } = containsFive(32, 1);
    const model = transformerEncoderClassifier({
      vocabSize: 12,
      maxLength: 8,
      classes: 2,
      dModel: 16,
      numHeads: 2,
      numLayers: 1,
      ffDim: 32,
      dropout: 0,
      seed: 3,
    });
    const optimizer = tf.train.adam(1e-2);
    const losses: number[] = [];
    for (let step = 0; step < 12; step++) {
      const loss = optimizer.minimize(
        () =>
          tf.losses.softmaxCrossEntropy(labels, tf.log(tf.add(model.apply(ids, { training: true }), 1e-7))),
        true,
        model.trainableWeights,
      ) as tf.Scalar;
      losses.push((await loss.data())[0] as number);
      loss.dispose();
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.7);
    optimizer.dispose();
    model.dispose();
    tf.dispose([ids, labels]);
  });

  it('ignores padding: the same row padded more gives the same probabilities', async () => {
    const model = transformerEncoderClassifier({
      vocabSize: 9,
      maxLength: 6,
      classes: 3,
      dModel: 8,
      numLayers: 1,
      seed: 1,
    });
    const short = tf.tensor2d([[3, 4, 7]], [1, 3], 'int32');
    const padded = tf.tensor2d([[3, 4, 7, 0, 0, 0]], [1, 6], 'int32');
    const [a, b] = [model.apply(short), model.apply(padded)];
    const [va, vb] = [await a.data(), await b.data()];
    for (const [i, v] of va.entries()) expect(v).toBeCloseTo(vb[i] as number, 5);
    tf.dispose([short, padded, a, b]);
    model.dispose();
  });
});

describe('transformerEncoderClassifier', () => {
  it("is reference workload B6's model by default", () => {
    const model = transformerEncoderClassifier({ vocabSize: 1000, maxLength: 32, classes: 2 });
    expect(model.layers.map((l) => l.className)).toEqual([
      'Embedding',
      'PositionalEncoding',
      'TransformerEncoderLayer',
      'TransformerEncoderLayer',
      'GlobalAveragePool1D',
      'Dense',
    ]);
    expect(model.layers[2]).toBeInstanceOf(TransformerEncoderLayer);
    expect(model.layers[4]).toBeInstanceOf(GlobalAveragePool1D);
    // Embedding 64k + positions 32·64 + 2 blocks of (4·(64·64+64) + 64·128+128 + 128·64+64 + 4·64) + Dense 64·2+2
    const block = 4 * (64 * 64 + 64) + (64 * 128 + 128) + (128 * 64 + 64) + 4 * 64;
    expect(model.countParams()).toBe(64_000 + 32 * 64 + 2 * block + 130);
    expect(model.summary()).toContain('TransformerEncoderLayer');
    model.dispose();
    const fromRegistry = modelRegistry.get('transformerEncoderClassifier')({
      vocabSize: 5,
      maxLength: 4,
      classes: 2,
      dModel: 4,
      numLayers: 1,
    });
    expect(fromRegistry.computeOutputShape([null, 4])).toEqual([null, 2]);
    fromRegistry.dispose();
  });

  it('rejects bad sizes', () => {
    expect(() => transformerEncoderClassifier({ vocabSize: 5, maxLength: 4, classes: 0 })).toThrow(
      ConfigError,
    );
    expect(() =>
      transformerEncoderClassifier({ vocabSize: 5, maxLength: 4, classes: 2, dModel: 6, numHeads: 4 }),
    ).toThrow(/numHeads must divide dModel/);
  });
});
