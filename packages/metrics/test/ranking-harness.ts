import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@weft/core';
import { checkProperty, describeBackends, expectClose, fc } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import type { Metric, MetricInput } from '../src/metric.js';
import { loadFixture } from './fixtures.js';

/** Parity harness of the ranking metrics (ROC AUC, average precision) against scikit-learn fixtures. */
interface RankingCase {
  name: string;
  yTrue: number[];
  yScore: number[] | number[][];
  sampleWeight?: number[];
  results: {
    metric: string;
    options: Record<string, unknown>;
    expected?: number | number[];
    error?: 'ValueError';
  }[];
}

type AnyFn = (yTrue: MetricInput, yScore: MetricInput, options: never) => Promise<unknown>;
type AnyCtor = new (options: never) => Metric<unknown>;
type Fn = (yTrue: MetricInput, yScore: MetricInput, options?: Record<string, unknown>) => Promise<unknown>;
type Ctor = new (options?: Record<string, unknown>) => Metric<unknown>;

const cases = loadFixture<RankingCase[]>('ranking.json');
const TIGHT = { atol: 1e-12, rtol: 1e-10 };

export function rankingParity(name: 'rocAuc' | 'averagePrecision', anyFn: AnyFn, AnyMetric: AnyCtor): void {
  const [fn, Metric] = [anyFn as unknown as Fn, AnyMetric as unknown as Ctor];
  describe(`${name}: parity with scikit-learn 1.2`, () => {
    for (const c of cases) {
      for (const r of c.results.filter((k) => k.metric === name)) {
        it(`${c.name}, ${JSON.stringify(r.options)}`, async () => {
          const options = { ...r.options, sampleWeight: c.sampleWeight };
          if (r.error) {
            await expect(fn(c.yTrue, c.yScore, options)).rejects.toBeInstanceOf(ValueError);
            return;
          }
          await expectClose((await fn(c.yTrue, c.yScore, options)) as number, r.expected as number, TIGHT);
          // Stateful, in two shards merged.
          const [a, b] = [new Metric(r.options), new Metric(r.options)];
          const half = Math.floor(c.yTrue.length / 2);
          await a.update(
            c.yTrue.slice(0, half),
            c.yScore.slice(0, half) as number[],
            c.sampleWeight?.slice(0, half),
          );
          await b.update(c.yTrue.slice(half), c.yScore.slice(half) as number[], c.sampleWeight?.slice(half));
          a.merge(b);
          await expectClose((await a.compute()) as number, r.expected as number, TIGHT);
        });
      }
    }
  });

  describe(`${name}: state and errors`, () => {
    it('empty input, unequal lengths and NaN scores are typed errors', async () => {
      await expect(fn([], [])).rejects.toBeInstanceOf(ValueError);
      await expect(fn([0, 1, 1], [0.2, 0.4])).rejects.toBeInstanceOf(ShapeError);
      await expect(fn([0, 1], [0.2, Number.NaN])).rejects.toThrow(/yScore contains NaN/);
      await expect(new Metric().compute()).rejects.toBeInstanceOf(ValueError);
    });
    it('a column count that changes between batches is a ShapeError that leaves the state alone', async () => {
      const metric = new Metric();
      await metric.update([0, 1], [0.2, 0.7]);
      const before = metric.getState();
      await expect(metric.update([0], [[0.5, 0.5]])).rejects.toBeInstanceOf(ShapeError);
      expect(metric.getState()).toEqual(before);
    });
    it('survives a JSON round trip; reset empties it', async () => {
      const metric = new Metric();
      await metric.update([0, 1, 1, 0], [0.1, 0.8, 0.4, 0.35]);
      const copy = new Metric();
      copy.setState(JSON.parse(JSON.stringify(metric.getState())));
      expect(await copy.compute()).toBe(await metric.compute());
      copy.reset();
      await expect(copy.compute()).rejects.toBeInstanceOf(ValueError);
    });
    it('property: shards merged equal the whole, and stateful equals functional', async () => {
      const row = fc.tuple(
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 20 }).map((v) => v / 20),
      );
      await checkProperty(
        fc.asyncProperty(fc.array(row, { minLength: 4, maxLength: 40 }), fc.nat(), async (rows, cut) => {
          const t = rows.map((r) => r[0]);
          const s = rows.map((r) => r[1]);
          fc.pre(new Set(t).size === 2);
          const k = 1 + (cut % (rows.length - 1));
          const [a, b] = [new Metric(), new Metric()];
          await a.update(t.slice(0, k), s.slice(0, k));
          await b.update(t.slice(k), s.slice(k));
          a.merge(b);
          expect(await a.compute()).toBe(await fn(t, s));
        }),
      );
    });
  });
}

/** Tensors on every backend: float32 scores give the scikit-learn value of the float64 fixture. */
export async function rankingOnBackends(name: 'rocAuc' | 'averagePrecision', anyFn: AnyFn): Promise<void> {
  const fn = anyFn as unknown as Fn;
  const c = cases.find((k) => k.name === 'multiclass probabilities') as RankingCase;
  const r = c.results.find(
    (k) => k.metric === name && k.options.average === 'macro',
  ) as RankingCase['results'][number];
  await describeBackends(name, () => {
    it('reads [n, C] score tensors and label tensors', async () => {
      const [t, s] = [tf.tensor1d(c.yTrue, 'int32'), tf.tensor2d(c.yScore as number[][])];
      const result = await fn(t, s, r.options);
      tf.dispose([t, s]);
      // float32 scores keep their order here (no two scores closer than float32 resolution).
      await expectClose(result as number, r.expected as number, { atol: 1e-9, rtol: 1e-9 });
    });
  });
}
