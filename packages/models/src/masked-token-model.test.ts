import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@weft/core';
import { describeBackends } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { maskedTokenModel, maskTokens } from './masked-token-model.js';
import { transformerEncoderClassifier } from './transformer-encoder-classifier.js';

const MASK = 1;

/** Rows counting up from a random start (ids 2…11 wrap around), so a masked id is predictable from its neighbours. */
function counting(n: number, length: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const start = rng.int(10);
    return Array.from({ length }, (_, t) => 2 + ((start + t) % 10));
  });
}

/** Mean cross-entropy over the chosen positions. */
function maskedLoss(probs: tf.Tensor, labels: tf.Tensor, weights: tf.Tensor): tf.Scalar {
  const picked = tf.sum(tf.mul(tf.oneHot(labels as tf.Tensor2D, probs.shape[2] as number), probs), -1);
  return tf.div(tf.neg(tf.sum(tf.mul(tf.log(tf.add(picked, 1e-7)), weights))), tf.sum(weights));
}

await describeBackends('maskedTokenModel', () => {
  it('pre-trains an encoder on masked tokens (the loss falls), which a classifier then shares', async () => {
    const batch = maskTokens(counting(32, 8, 1), { maskId: MASK, vocabSize: 12, rate: 0.25, seed: 2 });
    const [inputs, labels, weights] = [
      tf.tensor2d(batch.inputs, undefined, 'int32'),
      tf.tensor2d(batch.labels, undefined, 'int32'),
      tf.tensor2d(batch.weights),
    ];
    const model = maskedTokenModel({
      vocabSize: 12,
      maxLength: 8,
      dModel: 16,
      numLayers: 1,
      ffDim: 32,
      dropout: 0,
      seed: 4,
    });
    const optimizer = tf.train.adam(1e-2);
    const losses: number[] = [];
    for (let step = 0; step < 12; step++) {
      const loss = optimizer.minimize(
        () => maskedLoss(model.apply(inputs, { training: true }), labels, weights),
        true,
        model.trainableWeights,
      ) as tf.Scalar;
      losses.push((await loss.data())[0] as number);
      loss.dispose();
    }
    expect(losses[0]).toBeGreaterThan(Math.log(12) * 0.8);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.7);
    const encoder = model.layers[0] as ReturnType<typeof maskedTokenModel>;
    const classifier = transformerEncoderClassifier({ vocabSize: 12, maxLength: 8, classes: 2, encoder });
    expect(classifier.layers[0]).toBe(encoder);
    expect(classifier.trainableWeights.slice(0, encoder.trainableWeights.length)).toEqual(
      encoder.trainableWeights,
    );
    optimizer.dispose();
    model.dispose();
    classifier.layers.slice(1).forEach((l) => {
      l.dispose();
    });
    tf.dispose([inputs, labels, weights]);
  });
});

describe('maskTokens', () => {
  it("masks about `rate` of the real tokens with BERT's 80/10/10 split, never padding", () => {
    const rows = Array.from({ length: 200 }, (_, i) => [
      ...Array.from({ length: 20 }, (_, t) => 2 + ((i + t) % 30)),
      0,
      0,
    ]);
    const { inputs, labels, weights } = maskTokens(rows, { maskId: MASK, vocabSize: 32, seed: 7 });
    expect(labels).toEqual(rows);
    let chosen = 0;
    let masked = 0;
    let kept = 0;
    for (const [i, row] of rows.entries()) {
      for (const [t, id] of row.entries()) {
        if (id === 0) {
          expect(weights[i]![t]).toBe(0);
          expect(inputs[i]![t]).toBe(0);
        } else if (weights[i]![t] === 1) {
          chosen++;
          if (inputs[i]![t] === MASK) masked++;
          else if (inputs[i]![t] === id) kept++;
        } else expect(inputs[i]![t]).toBe(id);
      }
    }
    expect(chosen / 4000).toBeGreaterThan(0.13);
    expect(chosen / 4000).toBeLessThan(0.17);
    expect(masked / chosen).toBeGreaterThan(0.75);
    expect(masked / chosen).toBeLessThan(0.85);
    expect(kept / chosen).toBeGreaterThan(0.07); // 10% kept, plus random draws that hit the same id
    expect(maskTokens(rows, { maskId: MASK, vocabSize: 32, seed: 7 })).toEqual({ inputs, labels, weights });
  });

  it('chooses at least one token per row and checks its options', () => {
    const { weights } = maskTokens([[5, 6]], { maskId: MASK, vocabSize: 8, rate: 0.01, seed: 1 });
    expect(weights[0]!.reduce((a, b) => a + b, 0)).toBe(1);
    expect(() => maskTokens([[5]], { maskId: MASK, vocabSize: 8, rate: 0 })).toThrow(ConfigError);
  });
});
