import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError, ValueError } from '@weft/core';
import { checkProperty, describeBackends, expectClose, fc } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { batchesOf, probabilityCases } from '../test/probability-fixtures.js';
import { LogLoss, logLoss } from './log-loss.js';

const TIGHT = { atol: 1e-12, rtol: 1e-10 };

describe('logLoss: parity with scikit-learn 1.2', () => {
  for (const c of probabilityCases) {
    for (const key of ['mean', 'sum'] as const) {
      it(`${c.name}, ${key}`, async () => {
        const expected = c.logLoss[key];
        const options = { normalize: key === 'mean', labels: c.labels };
        if (typeof expected !== 'number') {
          await expect(
            logLoss(c.yTrue, c.yProb, { ...options, sampleWeight: c.sampleWeight }),
          ).rejects.toBeInstanceOf(ValueError);
          return;
        }
        await expectClose(
          await logLoss(c.yTrue, c.yProb, { ...options, sampleWeight: c.sampleWeight }),
          expected,
          TIGHT,
        );
        // Three batches, none of which needs to hold every class.
        const metric = new LogLoss(options);
        for (const b of batchesOf(c, 3)) await metric.update(b.t, b.p, b.w);
        await expectClose(await metric.compute(), expected, TIGHT);
      });
    }
  }
});

describe('logLoss', () => {
  it('is −mean log p of the true class', async () => {
    // −(ln 0.8 + ln 0.6) / 2
    expect(
      await logLoss(
        [0, 1],
        [
          [0.8, 0.2],
          [0.4, 0.6],
        ],
      ),
    ).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
  });
  it('types its errors', async () => {
    await expect(logLoss([1, 1], [0.5, 0.9])).rejects.toThrow(/only one label/);
    await expect(logLoss([], [])).rejects.toBeInstanceOf(ValueError);
    await expect(logLoss([0, 1], [0.5])).rejects.toBeInstanceOf(ShapeError);
    await expect(logLoss([0, 1], [0.5, Number.NaN])).rejects.toBeInstanceOf(ValueError);
    await expect(logLoss([0, 1], [0.5, 0.1], { eps: 0 })).rejects.toBeInstanceOf(ConfigError);
    await expect(logLoss([0, 1], [0.5, 0.1], { labels: [0, 1, 2] })).rejects.toBeInstanceOf(ValueError);
  });
  it('a batch with another number of columns is a ShapeError that leaves the state alone', async () => {
    const metric = new LogLoss();
    await metric.update(
      [0, 1],
      [
        [0.7, 0.3],
        [0.2, 0.8],
      ],
    );
    const before = await metric.compute();
    await expect(metric.update([0], [[0.2, 0.3, 0.5]])).rejects.toBeInstanceOf(ShapeError);
    expect(await metric.compute()).toBe(before);
    const copy = new LogLoss();
    copy.setState(JSON.parse(JSON.stringify(metric.getState())));
    expect(await copy.compute()).toBe(before);
  });
  it('property: merged shards equal the whole; stateful equals functional', async () => {
    const row = fc.tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
    );
    await checkProperty(
      fc.asyncProperty(fc.array(row, { minLength: 3, maxLength: 40 }), fc.nat(), async (rows, cut) => {
        const t = rows.map((r) => r[0]);
        fc.pre(new Set(t).size === 3);
        const p = rows.map((r) => [r[1], r[2], 1]);
        const k = 1 + (cut % (rows.length - 1));
        const [a, b] = [new LogLoss(), new LogLoss()];
        await a.update(t.slice(0, k), p.slice(0, k));
        await b.update(t.slice(k), p.slice(k));
        a.merge(b);
        const whole = await logLoss(t, p);
        expect(Math.abs((await a.compute()) - whole)).toBeLessThanOrEqual(1e-12 * (1 + whole));
      }),
    );
  });
});

await describeBackends('logLoss', () => {
  it('reads probability tensors', async () => {
    const c = probabilityCases.find((k) => k.name === 'multiclass');
    const [t, p] = [tf.tensor1d(c?.yTrue ?? [], 'int32'), tf.tensor2d(c?.yProb as number[][])];
    const result = await logLoss(t, p);
    tf.dispose([t, p]);
    // float32 probabilities: a relative change of ~1e-7 per value.
    await expectClose(result, c?.logLoss.mean as number, { atol: 1e-6, rtol: 1e-6 });
  });
});
