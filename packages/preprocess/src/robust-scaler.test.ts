import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError, FormatError, NotFittedError, ShapeError, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/robust-scaler.json' with { type: 'json' };
import { transformFromState } from './registry.js';
import { RobustScaler, type RobustScalerOptions } from './robust-scaler.js';

type Case = (typeof fixtures.cases)[number];

const tableOf = (columns: string[], rows: number[][]) =>
  aq.table(
    Object.fromEntries(columns.map((name, j) => [name, Float64Array.from(rows, (r) => r[j] as number)])),
  );
const matrixOf = (table: aq.ColumnTable, columns: string[]) => {
  const cols = columns.map((c) => table.array(c) as Float64Array);
  return Array.from({ length: table.numRows() }, (_, i) => cols.map((c) => c[i] as number));
};
const fitCase = (c: Case) =>
  new RobustScaler(c.options as RobustScalerOptions).fit(tableOf(c.columns, c.fit));
// Medians and percentiles are float64 on both sides, computed the same way: they agree to rounding.
const STATS = { atol: 1e-9, rtol: 1e-9 };

describe('RobustScaler parity with scikit-learn 1.2 (float64 medians and percentiles)', () => {
  for (const c of fixtures.cases) {
    it(c.name, async () => {
      const scaler = await fitCase(c);
      expect(scaler.columns).toEqual(c.columns);
      await expectClose(scaler.center, c.center, STATS);
      await expectClose(scaler.scale, c.scale, STATS);
      await expectClose(
        matrixOf(await scaler.transform(tableOf(c.columns, c.fit)), c.columns),
        c.transformed,
        STATS,
      );
      const other = tableOf(c.columns, c.other);
      await expectClose(matrixOf(await scaler.transform(other), c.columns), c.otherTransformed, STATS);
      await expectClose(matrixOf(await scaler.inverseTransform(other), c.columns), c.otherInverse, STATS);
    });
  }
});

await describeBackends('RobustScaler tensors', () => {
  // The offset case is left out: 1e6 + N(0, 1) has no float32 representation precise enough.
  const cases = fixtures.cases.filter((c) => !c.name.startsWith('offset'));
  // float32 in and out; the outliers case reaches ~1e3, hence the relative part.
  const F32 = { atol: 1e-5, rtol: 1e-5 };

  it('transformTensor and inverseTransformTensor match scikit-learn within float32 tolerance', async () => {
    for (const c of cases) {
      const scaler = await fitCase(c);
      const x = tf.tensor2d(c.other);
      const y = scaler.transformTensor(x);
      const back = scaler.inverseTransformTensor(x);
      expect(y.dtype).toBe('float32');
      await expectClose(y, c.otherTransformed, F32);
      await expectClose(back, c.otherInverse, F32);
      tf.dispose([x, y, back]);
    }
  });

  it('checks the tensor width and fitting', async () => {
    const scaler = await new RobustScaler().fit(aq.table({ a: [1, 2, 3] }));
    const x = tf.zeros([2, 2]) as tf.Tensor2D;
    expect(() => scaler.transformTensor(x)).toThrow(ShapeError);
    expect(() => new RobustScaler().transformTensor(x)).toThrow(NotFittedError);
    x.dispose();
  });
});

describe('RobustScaler behaviour', () => {
  it('ignores outliers that move a StandardScaler', async () => {
    const base = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const a = await new RobustScaler().fit(aq.table({ x: base }));
    const b = await new RobustScaler().fit(aq.table({ x: [...base.slice(0, 8), 1e9] }));
    expect(Array.from(b.center)).toEqual(Array.from(a.center));
    expect(Array.from(b.scale)).toEqual(Array.from(a.scale));
  });

  it('scales a constant column by 1 (zero interquantile range), so it is only centred', async () => {
    const scaler = await new RobustScaler().fit(aq.table({ c: [4, 4, 4], d: [0, 0, 1e-20] }));
    expect(Array.from(scaler.scale)).toEqual([1, 1]);
    const out = await scaler.transform(aq.table({ c: [4, 6], d: [0, 2] }));
    expect(Array.from(out.array('c') as Float64Array)).toEqual([0, 2]);
  });

  it('passes NaN and null through transform, leaves other columns alone', async () => {
    const scaler = await new RobustScaler().fit(
      aq.table({ a: [0, 1, 2, 3, 4], s: ['p', 'q', 'r', 's', 't'] }),
    );
    const out = await scaler.transform(aq.table({ s: ['z', 'y'], a: [null, 2] }));
    expect(out.columnNames()).toEqual(['s', 'a']);
    expect(out.array('s')).toEqual(['z', 'y']);
    await expectClose(out.array('a') as Float64Array, [Number.NaN, 0]);
  });

  it('throws NotFittedError before fit', async () => {
    const scaler = new RobustScaler();
    await expect(scaler.transform(aq.table({ a: [1] }))).rejects.toThrow(NotFittedError);
    await expect(scaler.inverseTransform(aq.table({ a: [1] }))).rejects.toThrow(NotFittedError);
    expect(() => scaler.getState()).toThrow(NotFittedError);
    expect(() => scaler.toOps()).toThrow(NotFittedError);
  });

  it('refuses bad fit data, keeping the previous state', async () => {
    const scaler = await new RobustScaler().fit(aq.table({ a: [1, 2, 3] }));
    const before = scaler.getState();
    for (const bad of [Number.NaN, null, Number.NEGATIVE_INFINITY]) {
      await expect(scaler.fit(aq.table({ a: [1, bad, 3] }))).rejects.toThrow(/column "a" has .* at row 1/);
    }
    await expect(scaler.fit(aq.table({ a: [] as number[] }))).rejects.toThrow(/no rows/);
    await expect(scaler.fit(aq.table({ a: ['x', 'y'] }), ['a'])).rejects.toThrow(DTypeError);
    await expect(scaler.fit(aq.table({ b: [1, 2] }), ['a'])).rejects.toThrow(ValueError);
    expect(scaler.getState()).toEqual(before);
    await expect(scaler.transform(aq.table({ b: [1] }))).rejects.toThrow(/no column "a"/);
    await expect(scaler.transform(aq.table({ a: [Number.POSITIVE_INFINITY] }))).rejects.toThrow(/infinite/);
  });

  it('refuses bad options', () => {
    expect(() => new RobustScaler({ quantileRange: [75, 25] })).toThrow(ConfigError);
    expect(() => new RobustScaler({ quantileRange: [-1, 50] })).toThrow(/0 ≤ low ≤ high ≤ 100/);
    expect(() => new RobustScaler({ quantileRange: [0, 75], unitVariance: true })).toThrow(/infinite/);
    expect(() => new RobustScaler({ withScaling: 'yes' as never })).toThrow(ConfigError);
  });

  it('round-trips through JSON state and refuses malformed states', async () => {
    const scaler = await new RobustScaler({ quantileRange: [10, 90], unitVariance: true }).fit(
      aq.table({ a: [1, 5, 2, 8, 3], b: [0, 0, 1, 0, 1] }),
    );
    const state = JSON.parse(JSON.stringify(scaler.getState()));
    const restored = transformFromState(state) as RobustScaler;
    expect(restored.getState()).toEqual(scaler.getState());
    const t = aq.table({ a: [4], b: [2] });
    expect((await restored.transform(t)).objects()).toEqual((await scaler.transform(t)).objects());
    expect(() => RobustScaler.fromState({ ...state, scale: [1, 0] })).toThrow(FormatError);
    expect(() => RobustScaler.fromState({ ...state, quantileRange: [90, 10] })).toThrow(FormatError);
    expect(() => RobustScaler.fromState({ ...state, center: [1] })).toThrow(/state.center/);
  });
});
