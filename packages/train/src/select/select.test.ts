import * as tf from '@tensorflow/tfjs-core';
import { Dense } from '@weft/layers';
import { mlp } from '@weft/models';
import { describeBackends } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { blobs, linearData } from '../../test/helpers.js';
import { SparseCategoricalCrossentropyLoss } from '../losses/sparse-categorical-crossentropy.js';
import { crossValidate, summarize } from './cross-validate.js';
import { combinations, gridSearch } from './grid-search.js';

describe('model selection helpers', () => {
  it('summarize gives means and population standard deviations', () => {
    expect(
      summarize([
        { loss: 1, mae: 2 },
        { loss: 3, mae: 2 },
      ]),
    ).toEqual({ mean: { loss: 2, mae: 2 }, std: { loss: 1, mae: 0 } });
  });

  it('combinations enumerates the grid, last name fastest', () => {
    expect(combinations({ a: [1, 2], b: ['x', 'y'] })).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    expect(() => combinations({ a: [] })).toThrow(/grid.a must be a non-empty list/);
  });
});

await describeBackends(
  'crossValidate and gridSearch',
  () => {
    const { x, y } = linearData(2, 40);
    const table = aq.table({ a: x.map((r) => r[0]), b: x.map((r) => r[1]), t: y.map((r) => r[0]) });

    it('scores k folds on held-out rows with fresh models and disposes them', async () => {
      const made: Dense[] = [];
      const cv = await crossValidate(
        (fold) => {
          const model = new Dense({ units: 1, inputShape: [null, 2], seed: fold });
          made.push(model);
          return model;
        },
        table,
        {
          k: 4,
          features: ['a', 'b'],
          target: 't',
          loss: 'mse',
          metrics: ['mae'],
          optimizer: 'adam',
          learningRate: 0.1,
          epochs: 30,
          verbose: 0,
          seed: 1,
        },
      );
      expect(cv.folds.map((f) => f.fold)).toEqual([0, 1, 2, 3]);
      expect(cv.folds.every((f) => f.history.epoch.length === 30)).toBe(true);
      expect(Object.keys(cv.mean)).toEqual(['loss', 'mae']);
      expect(cv.mean.loss).toBeLessThan(0.05);
      expect(cv.mean.loss).toBeCloseTo(cv.folds.reduce((s, f) => s + (f.scores.loss as number), 0) / 4, 12);
      expect(made).toHaveLength(4);
      const probe = tf.zeros([1, 2]);
      expect(() => made[0]?.apply(probe)).toThrow(/was disposed/);
      probe.dispose();
    });

    it('stratified folds for a classifier with int32 labels', async () => {
      const { x: bx, labels } = blobs(3, 8);
      const blobTable = aq.table({ u: bx.map((r) => r[0]), v: bx.map((r) => r[1]), label: labels });
      const cv = await crossValidate(() => mlp({ inputs: 2, hidden: [6], outputs: 3, seed: 4 }), blobTable, {
        k: 3,
        stratify: 'label',
        features: ['u', 'v'],
        target: 'label',
        targetDType: 'int32',
        loss: new SparseCategoricalCrossentropyLoss({ fromLogits: true }),
        metrics: ['accuracy'],
        learningRate: 0.05,
        epochs: 20,
        batchSize: 8,
        verbose: 0,
      });
      expect(cv.mean.accuracy).toBeGreaterThan(0.8);
    });

    it('gridSearch ranks combinations by the monitored mean score', async () => {
      const seen: Record<string, unknown>[] = [];
      const search = await gridSearch(
        (params) => {
          seen.push(params);
          return mlp({ inputs: 2, hidden: [params.hidden as number], outputs: 1, seed: 1 });
        },
        table,
        {
          grid: { learningRate: [1e-4, 0.05], hidden: [2, 4] },
          k: 2,
          features: ['a', 'b'],
          target: 't',
          loss: 'mse',
          optimizer: 'adam',
          epochs: 20,
          verbose: 0,
        },
      );
      expect(search.results.map((r) => r.params)).toEqual(
        combinations({ learningRate: [1e-4, 0.05], hidden: [2, 4] }),
      );
      expect(seen).toHaveLength(8);
      expect(search.best.params.learningRate).toBe(0.05);
      expect(search.best.score).toBe(Math.min(...search.results.map((r) => r.mean.loss as number)));
      await expect(
        gridSearch(() => mlp({ inputs: 2, hidden: [2], outputs: 1 }), table, {
          grid: { epochs: [1] },
          k: 2,
          features: ['a', 'b'],
          target: 't',
          loss: 'mse',
          monitor: 'accuracy',
          verbose: 0,
        }),
      ).rejects.toThrow(/"accuracy" was not computed/);
    });
  },
  { only: ['cpu'] },
);
