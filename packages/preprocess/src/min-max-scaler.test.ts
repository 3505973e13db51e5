import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, FormatError, NotFittedError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/min-max-scaler.json' with { type: 'json' };
import { MinMaxScaler } from './min-max-scaler.js';
import { transformFromState } from './registry.js';

type Case = (typeof fixtures.cases)[number];

function tableOf(columns: string[], rows: number[][]): aq.ColumnTable {
  return aq.table(
    Object.fromEntries(columns.map((name, j) => [name, Float64Array.from(rows, (r) => r[j] as number)])),
  );
}

function matrixOf(table: aq.ColumnTable, columns: string[]): number[][] {
  const cols = columns.map((c) => table.array(c) as Float64Array);
  return Array.from({ length: table.numRows() }, (_, i) => cols.map((c) => c[i] as number));
}

const fitCase = (c: Case) =>
  new MinMaxScaler({ featureRange: c.options.featureRange as [number, number], clip: c.options.clip }).fit(
    tableOf(c.columns, c.fit),
  );
const STATS = { atol: 1e-9, rtol: 1e-9 };

describe('MinMaxScaler parity with scikit-learn 1.2', () => {
  for (const c of fixtures.cases) {
    it(c.name, async () => {
      const scaler = await fitCase(c);
      await expectClose(scaler.dataMin, c.dataMin, STATS);
      await expectClose(scaler.dataMax, c.dataMax, STATS);
      await expectClose(scaler.scale, c.scale, STATS);
      await expectClose(scaler.min, c.min, STATS);
      await expectClose(
        matrixOf(await scaler.transform(tableOf(c.columns, c.fit)), c.columns),
        c.transformed,
        STATS,
      );
      await expectClose(
        matrixOf(await scaler.transform(tableOf(c.columns, c.other)), c.columns),
        c.otherTransformed,
        STATS,
      );
      await expectClose(
        matrixOf(await scaler.inverseTransform(tableOf(c.columns, c.other)), c.columns),
        c.otherInverse,
        STATS,
      );
    });
  }
});

await describeBackends('MinMaxScaler tensors', () => {
  // float32 inputs; the offset case (1e6 + noise) is not representable in float32 and is left out.
  const cases = fixtures.cases.filter((c) => !c.name.startsWith('offset'));
  it('transformTensor and inverseTransformTensor match scikit-learn within float32 tolerance', async () => {
    for (const c of cases) {
      const scaler = await fitCase(c);
      const x = tf.tensor2d(c.other);
      const y = scaler.transformTensor(x);
      await expectClose(y, c.otherTransformed, { atol: 1e-5, rtol: 1e-5 });
      const back = scaler.inverseTransformTensor(x);
      await expectClose(back, c.otherInverse, { atol: 1e-4, rtol: 1e-5 });
      tf.dispose([x, y, back]);
    }
  });
});

describe('MinMaxScaler behaviour', () => {
  it('maps a constant column to the low end and keeps other columns', async () => {
    const t = aq.table({ k: [4, 4, 4], s: ['a', 'b', 'c'], v: [0, 5, 10] });
    const out = await new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform(t);
    expect(Array.from(out.array('k') as Float64Array)).toEqual([-1, -1, -1]);
    expect(Array.from(out.array('v') as Float64Array)).toEqual([-1, 0, 1]);
    expect(out.array('s')).toEqual(['a', 'b', 'c']);
  });

  it('refuses a bad featureRange, use before fit, bad fit data and bad state, keeping its state', async () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(ConfigError);
    await expect(new MinMaxScaler().transform(aq.table({ a: [1] }))).rejects.toThrow(NotFittedError);
    const scaler = await new MinMaxScaler().fit(aq.table({ a: [0, 2] }));
    await expect(scaler.fit(aq.table({ a: [0, Number.NaN] }))).rejects.toThrow(
      /column "a" has a missing value .* at row 1/,
    );
    expect(Array.from(scaler.dataMax)).toEqual([2]);
    expect(() => MinMaxScaler.fromState({ ...scaler.getState(), featureRange: [2, 1] })).toThrow(FormatError);
  });

  it('round-trips through JSON state', async () => {
    const scaler = await new MinMaxScaler({ clip: true }).fit(aq.table({ a: [0, 2], b: [1, 3] }));
    const restored = transformFromState(JSON.parse(JSON.stringify(scaler.getState()))) as MinMaxScaler;
    const t = aq.table({ a: [-1, 1, 5], b: [2, 2, 2] });
    expect((await restored.transform(t)).objects()).toEqual((await scaler.transform(t)).objects());
    expect(Array.from((await restored.transform(t)).array('a') as Float64Array)).toEqual([0, 0.5, 1]);
  });
});
