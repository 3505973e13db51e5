import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError, ValueError } from '@weft/core';
import { checkProperty, describeBackends, expectClose, fc } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { labelCases, updateInBatches } from '../test/label-harness.js';
import { Accuracy, accuracy } from './accuracy.js';

const TIGHT = { atol: 1e-12, rtol: 1e-10 };

describe('accuracy: parity with scikit-learn 1.2', () => {
  for (const c of labelCases) {
    it(c.name, async () => {
      const options = { sampleWeight: c.sampleWeight };
      await expectClose(await accuracy(c.yTrue, c.yPred, options), c.accuracy, TIGHT);
      await expectClose(
        await accuracy(c.yTrue, c.yPred, { ...options, normalize: false }),
        c.accuracyCount,
        TIGHT,
      );
      const metric = new Accuracy();
      await updateInBatches(metric, c);
      await expectClose(await metric.compute(), c.accuracy, TIGHT);
      if (c.yScore) {
        const fromScores = await accuracy(c.yTrue, c.yScore as number[], {
          ...options,
          threshold: c.threshold,
        });
        await expectClose(fromScores, c.accuracy, TIGHT);
      }
    });
  }
});

describe('accuracy', () => {
  it('counts matches: 3 of 4', async () => {
    expect(await accuracy([0, 1, 2, 3], [0, 2, 2, 3])).toBe(0.75);
  });
  it('reads booleans and 1-D probabilities (p > 0.5 is 1)', async () => {
    expect(await accuracy([true, false, true], [0.9, 0.5, 0.2])).toBe(2 / 3);
    expect(await accuracy([1, 0, 1], [0.9, 0.5, 0.2], { threshold: 0.1 })).toBe(2 / 3);
  });
  it('rejects scores outside [0, 1] without a threshold, and bad options', async () => {
    await expect(accuracy([1, 0], [2.5, -1.5])).rejects.toThrow(/threshold/);
    expect(await accuracy([1, 0], [2.5, -1.5], { threshold: 0 })).toBe(1);
    expect(() => new Accuracy({ threshold: Number.NaN })).toThrow(ConfigError);
    await expect(accuracy([1], [1], { normalize: 'yes' as unknown as boolean })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
  it('types its errors: empty, unequal lengths, NaN, zero total weight', async () => {
    await expect(accuracy([], [])).rejects.toBeInstanceOf(ValueError);
    await expect(accuracy([1, 2], [1])).rejects.toBeInstanceOf(ShapeError);
    await expect(accuracy([1, Number.NaN], [1, 2])).rejects.toThrow(/yTrue contains NaN/);
    await expect(accuracy([1, 2], [1, 2], { sampleWeight: [0, 0] })).rejects.toBeInstanceOf(ValueError);
    await expect(new Accuracy().compute()).rejects.toBeInstanceOf(ValueError);
  });
  it('a rejected batch leaves the counts as they were; reset empties them', async () => {
    const metric = new Accuracy();
    await metric.update([0, 1, 1], [0, 1, 0]);
    await expect(metric.update([0, 1], [0, Number.NaN])).rejects.toBeInstanceOf(ValueError);
    expect(await metric.compute()).toBe(2 / 3);
    const copy = new Accuracy();
    copy.setState(JSON.parse(JSON.stringify(metric.getState())));
    expect(await copy.compute()).toBe(2 / 3);
    metric.reset();
    await expect(metric.compute()).rejects.toBeInstanceOf(ValueError);
  });
  it('property: merged shards give exactly the accuracy of the whole', async () => {
    const label = fc.integer({ min: -2, max: 5000 });
    await checkProperty(
      fc.asyncProperty(
        fc.array(fc.tuple(label, label), { minLength: 1, maxLength: 50 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (pairs, cuts) => {
          const t = pairs.map((p) => p[0]);
          const p = pairs.map((q) => q[1]);
          const bounds = [0, ...cuts.map((c) => c % (pairs.length + 1)).sort((a, b) => a - b), pairs.length];
          const merged = new Accuracy();
          for (let s = 0; s + 1 < bounds.length; s++) {
            const [lo, hi] = [bounds[s] as number, bounds[s + 1] as number];
            if (lo === hi) continue;
            const shard = new Accuracy();
            await shard.update(t.slice(lo, hi), p.slice(lo, hi));
            merged.merge(shard);
          }
          expect(await merged.compute()).toBe(await accuracy(t, p));
        },
      ),
    );
  });
});

await describeBackends('accuracy', () => {
  it('[n, C] probability tensors (counted on device) and 1-D probabilities with a threshold', async () => {
    const t = tf.tensor1d([0, 1, 2, 2], 'int32');
    const probs = tf.tensor2d([
      [0.8, 0.1, 0.1],
      [0.2, 0.7, 0.1],
      [0.3, 0.4, 0.3],
      [0.1, 0.1, 0.8],
    ]);
    const b = tf.tensor1d([1, 0, 1]);
    const scores = tf.tensor1d([0.9, 0.4, 0.3]);
    const metric = new Accuracy({ threshold: 0.5 });
    await metric.update(b, scores);
    const results = [
      await accuracy(t, probs),
      await accuracy(b, scores, { threshold: 0.5 }),
      await metric.compute(),
    ];
    tf.dispose([t, probs, b, scores]);
    expect(results).toEqual([0.75, 2 / 3, 2 / 3]);
  });
});
