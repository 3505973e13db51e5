import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@weft/core';
import { checkProperty, describeBackends, expectClose, fc } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import type { Metric, MetricInput, WeightInput } from '../src/metric.js';
import { loadFixture } from './fixtures.js';

/**
 * The parity harness every regression metric's test calls: scikit-learn fixtures through the
 * functional and the stateful form, batch splits and merges, typed errors, property tests, and
 * tensor inputs on every backend.
 */
export type RegressionName =
  | 'meanSquaredError'
  | 'rootMeanSquaredError'
  | 'meanAbsoluteError'
  | 'r2Score'
  | 'explainedVariance';

interface Case {
  name: string;
  yTrue: number[] | number[][];
  yPred: number[] | number[][];
  options: { multioutput: unknown; forceFinite: boolean; sampleWeight?: number[] };
  expected: Partial<Record<RegressionName, number | number[]>>;
}

type Options = { multioutput?: unknown; forceFinite?: boolean; sampleWeight?: WeightInput };
/** Any metric's functional form: `never` accepts each metric's own option type. */
type AnyFn = (yTrue: MetricInput, yPred: MetricInput, options?: never) => Promise<unknown>;
type AnyCtor = new (options?: never) => Metric<unknown>;
type Fn = (yTrue: MetricInput, yPred: MetricInput, options?: Options) => Promise<number | number[]>;
type Ctor = new (options?: Options) => Metric<number | number[]>;

const cases = loadFixture<Case[]>('regression.json');
/** float64 arithmetic in a different order than NumPy's pairwise sums: a few ulps apart. */
const TIGHT = { atol: 1e-12, rtol: 1e-9 };

function classOptions(c: Case): Options {
  return { multioutput: c.options.multioutput, forceFinite: c.options.forceFinite };
}

export function regressionParity(name: RegressionName, anyFn: AnyFn, AnyMetric: AnyCtor): void {
  const [fn, Metric] = [anyFn as unknown as Fn, AnyMetric as unknown as Ctor];
  const own = cases.filter((c) => c.expected[name] !== undefined);

  describe(`${name}: parity with scikit-learn 1.2`, () => {
    it('has fixtures', () => expect(own.length).toBeGreaterThan(10));
    for (const c of own) {
      it(c.name, async () => {
        await expectClose(await fn(c.yTrue, c.yPred, c.options), c.expected[name] as number, TIGHT);
      });
      it(`${c.name}, stateful in three batches`, async () => {
        const metric = new Metric(classOptions(c));
        const n = c.yTrue.length;
        const cuts = [0, Math.floor(n / 3), Math.floor((2 * n) / 3), n];
        for (let b = 0; b < 3; b++) {
          const [s, e] = [cuts[b] as number, cuts[b + 1] as number];
          if (s === e) continue;
          const w = c.options.sampleWeight?.slice(s, e);
          await metric.update(c.yTrue.slice(s, e) as number[], c.yPred.slice(s, e) as number[], w);
        }
        await expectClose(await metric.compute(), c.expected[name] as number, TIGHT);
      });
    }
  });

  describe(`${name}: state`, () => {
    it('merging shards equals one pass over everything', async () => {
      const c = own.find((k) => k.name === 'random 1-D weighted') as Case;
      const [a, b] = [new Metric(), new Metric()];
      await a.update(
        c.yTrue.slice(0, 20) as number[],
        c.yPred.slice(0, 20) as number[],
        c.options.sampleWeight?.slice(0, 20),
      );
      await b.update(
        c.yTrue.slice(20) as number[],
        c.yPred.slice(20) as number[],
        c.options.sampleWeight?.slice(20),
      );
      a.merge(b);
      await expectClose(await a.compute(), c.expected[name] as number, TIGHT);
    });

    it('survives a JSON round trip of its state, and reset empties it', async () => {
      const c = own.find((k) => k.name === 'random 2-D weighted raw_values') as Case;
      const a = new Metric(classOptions(c));
      await a.update(c.yTrue, c.yPred, c.options.sampleWeight);
      const b = new Metric(classOptions(c));
      b.setState(JSON.parse(JSON.stringify(a.getState())));
      await expectClose(await b.compute(), c.expected[name] as number[], TIGHT);
      b.reset();
      await expect(b.compute()).rejects.toBeInstanceOf(ValueError);
    });

    it('property: shards merged in any split equal the whole, and stateful equals functional', async () => {
      const row = fc.tuple(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
      );
      await checkProperty(
        fc.asyncProperty(fc.array(row, { minLength: 2, maxLength: 40 }), fc.nat(), async (rows, cut) => {
          const k = 1 + (cut % (rows.length - 1));
          const t = rows.map((r) => r[0]);
          const p = rows.map((r) => r[1]);
          const w = rows.map((r) => r[2]);
          const whole = await fn(t, p, { sampleWeight: w });
          const [a, b] = [new Metric(), new Metric()];
          await a.update(t.slice(0, k), p.slice(0, k), w.slice(0, k));
          await b.update(t.slice(k), p.slice(k), w.slice(k));
          a.merge(b);
          const merged = (await a.compute()) as number;
          // Chan's merge and the two-pass batch differ only by float64 rounding.
          expect(Math.abs(merged - (whole as number))).toBeLessThanOrEqual(
            1e-9 * (1 + Math.abs(whole as number)),
          );
        }),
      );
    });
  });

  describe(`${name}: typed errors`, () => {
    it('empty input is a ValueError', async () => {
      await expect(fn([], [])).rejects.toBeInstanceOf(ValueError);
      await expect(new Metric().update([], [])).rejects.toBeInstanceOf(ValueError);
    });
    it('lengths that differ are a ShapeError', async () => {
      await expect(fn([1, 2, 3], [1, 2])).rejects.toBeInstanceOf(ShapeError);
      await expect(fn([[1, 2]], [[1, 2, 3]])).rejects.toBeInstanceOf(ShapeError);
      await expect(fn([1, 2], [1, 2], { sampleWeight: [1] })).rejects.toBeInstanceOf(ShapeError);
    });
    it('NaN and infinities are ValueErrors that name the input', async () => {
      await expect(fn([1, Number.NaN], [1, 2])).rejects.toThrow(/yTrue contains NaN/);
      await expect(fn([1, 2], [1, Number.POSITIVE_INFINITY])).rejects.toBeInstanceOf(ValueError);
      await expect(fn([1, 2], [1, 2], { sampleWeight: [1, -1] })).rejects.toBeInstanceOf(ValueError);
      await expect(fn([1, 2], [1, 2], { sampleWeight: [0, 0] })).rejects.toBeInstanceOf(ValueError);
    });
    it('a rejected batch leaves the state as it was', async () => {
      const metric = new Metric();
      await metric.update([1, 2, 4], [1.5, 2, 3]);
      const before = await metric.compute();
      await expect(metric.update([1, Number.NaN], [1, 2])).rejects.toBeInstanceOf(ValueError);
      await expect(metric.update([[1, 2]], [[1, 2]])).rejects.toBeInstanceOf(ShapeError);
      expect(await metric.compute()).toBe(before);
    });
    it('compute before any update is a ValueError', async () => {
      await expect(new Metric().compute()).rejects.toBeInstanceOf(ValueError);
    });
  });
}

/** Tensor inputs (float32, 1-D and 2-D) on every backend; call at the top level of the test file. */
export async function regressionOnBackends(
  name: RegressionName,
  anyFn: AnyFn,
  AnyMetric: AnyCtor,
): Promise<void> {
  const [fn, Metric] = [anyFn as unknown as Fn, AnyMetric as unknown as Ctor];
  const c = cases.find((k) => k.name === 'random 2-D weighted raw_values') as Case;
  await describeBackends(name, () => {
    it('reads float32 tensors ([n, k] targets, [n] weights) and matches scikit-learn', async () => {
      const [t, p, w] = [
        tf.tensor2d(c.yTrue as number[][]),
        tf.tensor2d(c.yPred as number[][]),
        tf.tensor1d(c.options.sampleWeight as number[]),
      ];
      const metric = new Metric({ multioutput: 'raw_values' });
      await metric.update(t, p, w);
      const results = [
        await fn(t, p, { multioutput: 'raw_values', sampleWeight: w }),
        await metric.compute(),
      ];
      tf.dispose([t, p, w]);
      // The inputs were rounded to float32; the arithmetic stays float64.
      for (const r of results) await expectClose(r, c.expected[name] as number[], { atol: 1e-5, rtol: 1e-4 });
    });
    it('treats a [n] tensor and a [n, 1] tensor as the same single output', async () => {
      const t = tf.tensor1d([3, -0.5, 2, 7]);
      const p = tf.tensor2d([[2.5], [0], [2], [8]]);
      const fromTensors = await fn(t, p);
      tf.dispose([t, p]);
      expect(fromTensors).toBe(await fn([3, -0.5, 2, 7], [2.5, 0, 2, 8]));
    });
  });
}
