import * as tf from '@tensorflow/tfjs-core';
import { DTypeError, FormatError, NotFittedError, NotFoundError, ShapeError, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/standard-scaler.json' with { type: 'json' };
import { transformFromState } from './registry.js';
import { StandardScaler } from './standard-scaler.js';

type Case = (typeof fixtures.cases)[number];

/** A table whose columns are the fixture matrix's columns. */
function tableOf(columns: string[], rows: number[][]): aq.ColumnTable {
  return aq.table(
    Object.fromEntries(columns.map((name, j) => [name, Float64Array.from(rows, (r) => r[j] as number)])),
  );
}

function matrixOf(table: aq.ColumnTable, columns: string[]): number[][] {
  const cols = columns.map((c) => table.array(c) as Float64Array);
  return Array.from({ length: table.numRows() }, (_, i) => cols.map((c) => c[i] as number));
}

const fitCase = (c: Case) => new StandardScaler(c.options).fit(tableOf(c.columns, c.fit));
// Fitted statistics are float64 on both sides: they agree to rounding.
const STATS = { atol: 1e-9, rtol: 1e-9 };

describe('StandardScaler parity with scikit-learn 1.2 (float64 statistics and table transforms)', () => {
  for (const c of fixtures.cases) {
    it(c.name, async () => {
      const scaler = await fitCase(c);
      expect(scaler.columns).toEqual(c.columns);
      expect(scaler.nSamples).toBe(c.nSamples);
      await expectClose(scaler.mean, c.mean, STATS);
      // scikit-learn leaves var_ and scale_ unset without withStd; Weft keeps var, scale is 1.
      if (c.var) await expectClose(scaler.var, c.var, STATS);
      await expectClose(scaler.scale, c.scale ?? c.columns.map(() => 1), STATS);
      const transformed = await scaler.transform(tableOf(c.columns, c.fit));
      await expectClose(matrixOf(transformed, c.columns), c.transformed, STATS);
      const other = await scaler.transform(tableOf(c.columns, c.other));
      await expectClose(matrixOf(other, c.columns), c.otherTransformed, STATS);
      const back = await scaler.inverseTransform(tableOf(c.columns, c.other));
      await expectClose(matrixOf(back, c.columns), c.otherInverse, STATS);
    });
  }
});

await describeBackends('StandardScaler tensors', () => {
  // The offset case is left out: 1e6 + N(0, 1) is not representable in float32 to better than
  // 0.06, so no float32 path can match it; its float64 table path is checked above.
  const cases = fixtures.cases.filter((c) => c.name !== 'offset');
  // float32 inputs and outputs, values up to ~5 in size.
  const F32 = { atol: 1e-5, rtol: 1e-5 };

  it('transformTensor matches scikit-learn within float32 tolerance', async () => {
    for (const c of cases) {
      const scaler = await fitCase(c);
      const x = tf.tensor2d(c.other);
      const y = scaler.transformTensor(x);
      expect(y.shape).toEqual(x.shape);
      expect(y.dtype).toBe('float32');
      await expectClose(y, c.otherTransformed, F32);
      tf.dispose([x, y]);
    }
  });

  it('inverseTransformTensor matches scikit-learn within float32 tolerance', async () => {
    for (const c of cases) {
      const scaler = await fitCase(c);
      const z = tf.tensor2d(c.other);
      const back = scaler.inverseTransformTensor(z);
      await expectClose(back, c.otherInverse, F32);
      tf.dispose([z, back]);
    }
  });

  it('works inside tidy, casts int32 input, and never returns its input', async () => {
    const scaler = await new StandardScaler().fit(aq.table({ a: [1, 2, 3], b: [10, 10, 40] }));
    const x = tf.tensor2d([[2, 20]], [1, 2], 'int32');
    const y = tf.tidy(() => scaler.transformTensor(x));
    await expectClose(y, [[0, 0]], { atol: 1e-6, rtol: 0 });
    const plain = new StandardScaler({ withMean: false, withStd: false });
    await plain.fit(aq.table({ a: [1, 2] }));
    const f = tf.tensor2d([[5]]);
    const same = plain.transformTensor(f);
    expect(same).not.toBe(f);
    tf.dispose([x, y, f, same]);
  });

  it('checks the tensor has one column per fitted column', async () => {
    const scaler = await new StandardScaler().fit(aq.table({ a: [1, 2], b: [3, 4] }));
    const x = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => scaler.transformTensor(x)).toThrow(ShapeError);
    expect(() => scaler.inverseTransformTensor(x)).toThrow(/shape \[rows, 2\] \(columns a, b\)/);
    expect(() => new StandardScaler().transformTensor(x)).toThrow(NotFittedError);
    x.dispose();
  });
});

describe('StandardScaler on tables', () => {
  const mixed = () =>
    aq.table({
      id: ['x', 'y', 'z', 'w'],
      area: [50, 100, 150, 200],
      rooms: Int32Array.of(1, 2, 2, 3),
      ok: [true, false, true, true],
    });

  it('scales every numeric column by default and leaves the others untouched, in place', async () => {
    const t = mixed();
    const out = await new StandardScaler().fitTransform(t);
    expect(out.columnNames()).toEqual(['id', 'area', 'rooms', 'ok']);
    expect(out.array('id')).toEqual(['x', 'y', 'z', 'w']);
    expect(out.array('ok')).toEqual([true, false, true, true]);
    // area: mean 125, population std √3125.
    const s = Math.sqrt(3125);
    await expectClose(out.array('area') as Float64Array, [-75 / s, -25 / s, 25 / s, 75 / s], STATS);
    expect(t.array('area')).toEqual([50, 100, 150, 200]);
  });

  it('fits the columns given to fit, else to the constructor', async () => {
    expect((await new StandardScaler({ columns: ['rooms'] }).fit(mixed())).columns).toEqual(['rooms']);
    expect((await new StandardScaler({ columns: ['rooms'] }).fit(mixed(), ['area'])).columns).toEqual([
      'area',
    ]);
  });

  it('transforms filtered and ordered views row by row', async () => {
    const scaler = await new StandardScaler({ columns: ['area'] }).fit(mixed());
    const view = mixed()
      .filter((d: { area: number }) => d.area > 60)
      .orderby(aq.desc('area'));
    const out = await scaler.transform(view);
    expect(out.array('id')).toEqual(['w', 'z', 'y']);
    await expectClose(
      out.array('area') as Float64Array,
      [75, 25, -25].map((v) => v / Math.sqrt(3125)),
      STATS,
    );
  });

  it('passes NaN and null through transform as NaN, like scikit-learn', async () => {
    const scaler = await new StandardScaler().fit(aq.table({ a: [0, 2] }));
    const out = await scaler.transform(aq.table({ a: [1, null, Number.NaN] }));
    await expectClose(out.array('a') as Float64Array, [0, Number.NaN, Number.NaN]);
  });

  it('throws NotFittedError before fit', async () => {
    const scaler = new StandardScaler();
    await expect(scaler.transform(mixed())).rejects.toThrow(NotFittedError);
    await expect(scaler.inverseTransform(mixed())).rejects.toThrow(/not fitted yet/);
    expect(() => scaler.getState()).toThrow(NotFittedError);
    expect(scaler.fitted).toBe(false);
  });

  it('names unknown columns with a suggestion, at fit and at transform', async () => {
    await expect(new StandardScaler({ columns: ['aera'] }).fit(mixed())).rejects.toThrow(
      /StandardScaler\.fit: the table has no column "aera".*Did you mean "area"\?/,
    );
    const scaler = await new StandardScaler({ columns: ['area'] }).fit(mixed());
    await expect(scaler.transform(aq.table({ areas: [1] }))).rejects.toThrow(
      /no column "area".*Did you mean "areas"/,
    );
  });

  it('rejects NaN, null and Infinity in fit data naming the column and row, keeping the old state', async () => {
    const scaler = await new StandardScaler().fit(aq.table({ a: [1, 3] }));
    for (const bad of [Number.NaN, null, Number.POSITIVE_INFINITY]) {
      const error = await scaler.fit(aq.table({ a: [1, 2, bad] })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValueError);
      expect((error as Error).message).toMatch(/column "a" has .* at row 2/);
    }
    await expect(scaler.fit(aq.table({ a: [1, 2] }), ['b'])).rejects.toThrow(ValueError);
    expect(Array.from(scaler.mean)).toEqual([2]);
    expect(Array.from(scaler.scale)).toEqual([1]);
  });

  it('rejects empty tables, strings in a named column and tables without numeric columns', async () => {
    await expect(new StandardScaler().fit(aq.table({ a: [] as number[] }))).rejects.toThrow(
      /the table has no rows/,
    );
    await expect(new StandardScaler({ columns: ['id'] }).fit(mixed())).rejects.toThrow(DTypeError);
    await expect(new StandardScaler().fit(aq.table({ s: ['a'] }))).rejects.toThrow(/no columns to fit/);
  });

  it('round-trips its state through JSON and transformFromState', async () => {
    const scaler = await new StandardScaler({ withMean: false }).fit(mixed());
    const state = JSON.parse(JSON.stringify(scaler.getState()));
    expect(state).toMatchObject({
      className: 'StandardScaler',
      columns: ['area', 'rooms'],
      nSamples: 4,
      withMean: false,
    });
    const restored = transformFromState(state) as StandardScaler;
    expect(restored).toBeInstanceOf(StandardScaler);
    expect(restored.getState()).toEqual(scaler.getState());
    expect((await restored.transform(mixed())).objects()).toEqual(
      (await scaler.transform(mixed())).objects(),
    );
    expect(StandardScaler.fromState(state).fitted).toBe(true);
  });

  it('refuses malformed states', () => {
    const good = {
      className: 'StandardScaler',
      columns: ['a'],
      mean: [0],
      scale: [1],
      var: [1],
      nSamples: 2,
      withMean: true,
      withStd: true,
    } as const;
    expect(() => StandardScaler.fromState({ ...good, mean: [0, 1] } as never)).toThrow(
      /state.mean is not an array of 1 finite numbers/,
    );
    expect(() => StandardScaler.fromState({ ...good, scale: [0] } as never)).toThrow(FormatError);
    expect(() => StandardScaler.fromState({ ...good, className: 'MinMaxScaler' } as never)).toThrow(
      FormatError,
    );
    expect(() => transformFromState({ className: 'StandardScalar' })).toThrow(NotFoundError);
    expect(() => transformFromState({ className: 'StandardScalar' })).toThrow(
      /Did you mean "StandardScaler"/,
    );
    expect(() => transformFromState({} as never)).toThrow(FormatError);
  });
});
