import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { batchesOf, probabilityCases } from '../test/probability-fixtures.js';
import { TopKAccuracy, topKAccuracy } from './top-k-accuracy.js';

const TIGHT = { atol: 1e-12, rtol: 1e-10 };

describe('topKAccuracy: parity with scikit-learn 1.2', () => {
  for (const c of probabilityCases) {
    for (const [key, expected] of Object.entries(c.topK)) {
      it(`${c.name}, ${key}`, async () => {
        const options = { k: Number(key.slice(-1)), normalize: key.startsWith('mean'), labels: c.labels };
        if (typeof expected !== 'number') {
          await expect(
            topKAccuracy(c.yTrue, c.yProb, { ...options, sampleWeight: c.sampleWeight }),
          ).rejects.toBeInstanceOf(ValueError);
          return;
        }
        await expectClose(
          await topKAccuracy(c.yTrue, c.yProb, { ...options, sampleWeight: c.sampleWeight }),
          expected,
          TIGHT,
        );
        const [a, b] = [new TopKAccuracy(options), new TopKAccuracy(options)];
        const [first, second, third] = batchesOf(c, 3);
        for (const part of [first, second]) if (part) await a.update(part.t, part.p, part.w);
        if (third) await b.update(third.t, third.p, third.w);
        a.merge(b);
        await expectClose(await a.compute(), expected, TIGHT);
      });
    }
  }
});

describe('topKAccuracy', () => {
  it('breaks ties towards the higher column, as scikit-learn', async () => {
    // Row [0.4, 0.4, 0.2]: top-1 is column 1, so true label 0 misses and 1 hits.
    expect(
      await topKAccuracy(
        [0, 1, 2],
        [
          [0.4, 0.4, 0.2],
          [0.4, 0.4, 0.2],
          [0.1, 0.2, 0.7],
        ],
        { k: 1 },
      ),
    ).toBe(2 / 3);
  });
  it('types its errors', async () => {
    await expect(topKAccuracy([0, 1], [[0.5, 0.5]])).rejects.toBeInstanceOf(ShapeError);
    await expect(
      topKAccuracy(
        [0, 1],
        [
          [0.5, 0.5],
          [0.1, 0.9],
        ],
        { k: 0 },
      ),
    ).rejects.toBeInstanceOf(ConfigError);
    await expect(
      topKAccuracy(
        [0, 1],
        [
          [0.5, 0.5],
          [0.1, 0.9],
        ],
        { labels: [1, 0] },
      ),
    ).rejects.toBeInstanceOf(ConfigError);
    const metric = new TopKAccuracy();
    await metric.update(
      [0, 1, 2],
      [
        [0.5, 0.3, 0.2],
        [0.1, 0.8, 0.1],
        [0.1, 0.1, 0.8],
      ],
    );
    await expect(metric.update([0, 1], [0.4, 0.6])).rejects.toBeInstanceOf(ShapeError);
    expect(await metric.compute()).toBe(1);
    const copy = new TopKAccuracy();
    copy.setState(JSON.parse(JSON.stringify(metric.getState())));
    expect(await copy.compute()).toBe(1);
  });
});

await describeBackends('topKAccuracy', () => {
  it('reads score tensors', async () => {
    const c = probabilityCases.find((k) => k.name === 'multiclass');
    const [t, p] = [tf.tensor1d(c?.yTrue ?? [], 'int32'), tf.tensor2d(c?.yProb as number[][])];
    const result = await topKAccuracy(t, p, { k: 2 });
    tf.dispose([t, p]);
    expect(result).toBe(c?.topK.mean2);
  });
});
