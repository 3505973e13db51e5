import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError, ValueError } from '@weft/core';
import { checkProperty, describeBackends, expectClose, fc } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import type { Metric, MetricInput } from '../src/metric.js';
import { loadFixture } from './fixtures.js';

/**
 * The parity harness of the label-based classification metrics: scikit-learn fixtures for every
 * `average` × `zeroDivision` through the functional and the stateful form (in three batches),
 * score inputs (argmax, threshold), typed errors, exact merges, and tensors on every backend.
 */
export interface LabelCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  yScore?: number[] | number[][];
  threshold?: number;
  sampleWeight?: number[];
  labels?: number[];
  accuracy: number;
  accuracyCount: number;
  confusionMatrix: Record<'none' | 'true' | 'pred' | 'all', number[][]>;
  results: ({ options: Record<string, unknown> } & Partial<Record<SetWiseKey, number | number[]>> & {
      error?: 'ConfigError' | 'ValueError';
    })[];
}
export type SetWiseKey = 'precision' | 'recall' | 'f1Score' | 'fbeta05' | 'fbeta2';

export const labelCases = loadFixture<LabelCase[]>('labels.json');

type Options = Record<string, unknown>;
type AnyFn = (yTrue: MetricInput, yPred: MetricInput, options: never) => Promise<unknown>;
type AnyCtor = new (options: never) => Metric<unknown>;
type Fn = (yTrue: MetricInput, yPred: MetricInput, options?: Options) => Promise<unknown>;
type Ctor = new (options?: Options) => Metric<unknown>;

/** float64 divisions of exact counts (weighted: sums of weights) in another order than NumPy's. */
const TIGHT = { atol: 1e-12, rtol: 1e-10 };
const ERRORS = { ConfigError, ValueError };

/** Feeds a case to a stateful metric in three batches. */
export async function updateInBatches(
  metric: Metric<unknown>,
  c: LabelCase,
  yPred: number[] | number[][] = c.yPred,
): Promise<void> {
  const n = c.yTrue.length;
  const cuts = [0, Math.floor(n / 3), Math.floor((2 * n) / 3), n];
  for (let b = 0; b < 3; b++) {
    const [s, e] = [cuts[b] as number, cuts[b + 1] as number];
    if (s < e)
      await metric.update(c.yTrue.slice(s, e), yPred.slice(s, e) as number[], c.sampleWeight?.slice(s, e));
  }
}

export function setWiseParity(key: SetWiseKey, anyFn: AnyFn, AnyMetric: AnyCtor, extra: Options = {}): void {
  const [fn, Metric] = [anyFn as unknown as Fn, AnyMetric as unknown as Ctor];
  describe(`${key}: parity with scikit-learn 1.2`, () => {
    for (const c of labelCases) {
      for (const r of c.results) {
        const options = { ...r.options, ...extra };
        const title = `${c.name}, ${JSON.stringify(r.options)}`;
        it(title, async () => {
          const withWeights = { ...options, sampleWeight: c.sampleWeight };
          if (r.error) {
            await expect(fn(c.yTrue, c.yPred, withWeights)).rejects.toBeInstanceOf(ERRORS[r.error]);
            return;
          }
          await expectClose((await fn(c.yTrue, c.yPred, withWeights)) as number, r[key] as number, TIGHT);
          const metric = new Metric(options);
          await updateInBatches(metric, c);
          await expectClose((await metric.compute()) as number, r[key] as number, TIGHT);
          if (c.yScore) {
            const fromScores = await fn(c.yTrue, c.yScore as number[], {
              ...withWeights,
              threshold: c.threshold,
            });
            await expectClose(fromScores as number, r[key] as number, TIGHT);
          }
        });
      }
    }
  });

  describe(`${key}: options and errors`, () => {
    it('multiclass data without an average is a ConfigError that names the choices', async () => {
      await expect(fn([0, 1, 2], [0, 2, 1], extra)).rejects.toThrow(
        /average 'macro', 'micro', 'weighted' or 'none'/,
      );
      await expect(fn([0, 1, 2], [0, 2, 1], extra)).rejects.toBeInstanceOf(ConfigError);
    });
    it('rejects unknown options values before reading data', async () => {
      await expect(fn([0, 1], [0, 1], { ...extra, average: 'samples' })).rejects.toBeInstanceOf(ConfigError);
      await expect(fn([0, 1], [0, 1], { ...extra, zeroDivision: 'warn' })).rejects.toBeInstanceOf(
        ConfigError,
      );
      expect(() => new Metric({ ...extra, labels: [] })).toThrow(ConfigError);
    });
    it('empty input, unequal lengths and NaN are typed errors', async () => {
      await expect(fn([], [], extra)).rejects.toBeInstanceOf(ValueError);
      await expect(fn([0, 1, 1], [0, 1], extra)).rejects.toBeInstanceOf(ShapeError);
      await expect(fn([0, 1], [0, Number.NaN], extra)).rejects.toThrow(/yPred contains NaN/);
      await expect(fn([0, 0.5], [0, 1], extra)).rejects.toThrow(/continuous targets/);
    });
  });

  describe(`${key}: state`, () => {
    it('property: counts merged from shards equal counts of the whole; stateful equals functional', async () => {
      const label = fc.integer({ min: 0, max: 3 });
      await checkProperty(
        fc.asyncProperty(
          fc.array(fc.tuple(label, label), { minLength: 2, maxLength: 60 }),
          fc.nat(),
          async (pairs, cut) => {
            const k = 1 + (cut % (pairs.length - 1));
            const t = pairs.map((p) => p[0]);
            const p = pairs.map((q) => q[1]);
            const options = { ...extra, average: 'macro' };
            const [a, b, whole] = [new Metric(options), new Metric(options), new Metric(options)];
            await a.update(t.slice(0, k), p.slice(0, k));
            await b.update(t.slice(k), p.slice(k));
            await whole.update(t, p);
            a.merge(b);
            expect(a.getState()).toEqual(whole.getState());
            expect(await a.compute()).toBe(await fn(t, p, options));
          },
        ),
      );
    });
  });
}

/** Tensors on every backend: [n, C] scores (counted on device), one-hot targets, and a JS fallback. */
export async function labelsOnBackends(
  key: SetWiseKey,
  anyFn: AnyFn,
  AnyMetric: AnyCtor,
  extra: Options = {},
): Promise<void> {
  const [fn, Metric] = [anyFn as unknown as Fn, AnyMetric as unknown as Ctor];
  const c = labelCases.find((k) => k.name === 'multiclass from [n, C] scores with ties') as LabelCase;
  const macro = c.results.find((r) => r.options.average === 'macro' && r.options.zeroDivision === 0);
  await describeBackends(key, () => {
    it('counts [n, C] score tensors against index or one-hot targets', async () => {
      const scores = tf.tensor2d(c.yScore as number[][]);
      const indices = tf.tensor1d(c.yTrue, 'int32');
      const oneHot = tf.oneHot(indices, 4);
      const options = { ...extra, average: 'macro' };
      const metric = new Metric(options);
      await metric.update(indices, scores);
      const results = [
        await fn(indices, scores, options),
        await fn(oneHot, scores, options),
        await metric.compute(),
      ];
      tf.dispose([scores, indices, oneHot]);
      for (const r of results) await expectClose(r as number, macro?.[key] as number, TIGHT);
    });
    it('falls back to JS for label tensors, with the same result', async () => {
      const t = tf.tensor1d(c.yTrue);
      const p = tf.tensor1d(c.yPred);
      const result = await fn(t, p, { ...extra, average: 'macro' });
      tf.dispose([t, p]);
      await expectClose(result as number, macro?.[key] as number, TIGHT);
    });
  });
}
