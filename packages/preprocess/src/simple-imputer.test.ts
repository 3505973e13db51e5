import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/simple-imputer.json' with { type: 'json' };
import { transformFromState } from './registry.js';
import { type ImputeStrategy, SimpleImputer } from './simple-imputer.js';

type Cell = number | string | null;
const tableOf = (columns: string[], rows: Cell[][]) =>
  aq.table(Object.fromEntries(columns.map((name, j) => [name, rows.map((r) => r[j] ?? null)])));
const rowsOf = (t: aq.ColumnTable, columns: string[]) => {
  const cols = columns.map((c) => t.array(c) as ArrayLike<Cell>);
  return Array.from({ length: t.numRows() }, (_, i) => cols.map((c) => c[i]));
};
const imputerFor = (options: { strategy: string; fillValue?: number }) =>
  new SimpleImputer({
    strategy: options.strategy as ImputeStrategy,
    ...(options.fillValue !== undefined ? { fillValue: options.fillValue } : {}),
  });

describe('SimpleImputer parity with scikit-learn 1.2', () => {
  for (const c of fixtures.cases) {
    it(c.name, async () => {
      const imputer = await imputerFor(c.options).fit(tableOf(c.columns, c.fit as Cell[][]), c.columns);
      expect(imputer.statistics).toEqual(c.statistics);
      expect(rowsOf(await imputer.transform(tableOf(c.columns, c.fit as Cell[][])), c.columns)).toEqual(
        c.transformed,
      );
      expect(rowsOf(await imputer.transform(tableOf(c.columns, c.other as Cell[][])), c.columns)).toEqual(
        c.otherTransformed,
      );
    });
  }
});

await describeBackends('SimpleImputer tensors', () => {
  it('transformTensor fills NaN with the fitted statistics', async () => {
    const mean = fixtures.cases.find((c) => c.name === 'numeric_mean');
    if (!mean) throw new Error('fixture numeric_mean is missing');
    const imputer = await new SimpleImputer().fit(tableOf(mean.columns, mean.fit as Cell[][]));
    const x = tf.tensor2d(
      (mean.other as Cell[][]).map((r) => r.map((v) => (v === null ? Number.NaN : (v as number)))),
    );
    const y = imputer.transformTensor(x);
    await expectClose(y, mean.otherTransformed as number[][], { atol: 1e-5, rtol: 1e-6 });
    tf.dispose([x, y]);
  });
});

describe('SimpleImputer behaviour', () => {
  it('defaults to numeric columns for mean and median and to all columns otherwise', async () => {
    const t = aq.table({ s: ['a', null, 'a'], n: [1, null, 3] });
    expect((await new SimpleImputer().fit(t)).columns).toEqual(['n']);
    const filled = await new SimpleImputer({ strategy: 'mostFrequent' }).fitTransform(t);
    expect(filled.objects()).toEqual([
      { s: 'a', n: 1 },
      { s: 'a', n: 1 },
      { s: 'a', n: 3 },
    ]);
  });

  it('refuses all-missing columns, text statistics and text fill values for numbers', async () => {
    await expect(new SimpleImputer().fit(aq.table({ n: [null, Number.NaN] }), ['n'])).rejects.toThrow(
      /no values to compute the mean/,
    );
    await expect(
      new SimpleImputer({ strategy: 'median' }).fit(aq.table({ s: ['a'] }), ['s']),
    ).rejects.toThrow(DTypeError);
    await expect(
      new SimpleImputer({ strategy: 'constant', fillValue: 'x' }).fit(aq.table({ n: [1, null] })),
    ).rejects.toThrow(/fill value for numeric column "n" is not a number/);
    expect(() => new SimpleImputer({ strategy: 'most_frequent' as never })).toThrow(/Use 'mostFrequent'/);
    expect(() => new SimpleImputer({ fillValue: 1 })).toThrow(ConfigError);
  });

  it('keeps its state when a fit fails, and round-trips through JSON state', async () => {
    const imputer = await new SimpleImputer({ strategy: 'median' }).fit(aq.table({ n: [1, 2, 10] }));
    await expect(imputer.fit(aq.table({ n: [null] }), ['n'])).rejects.toThrow(ValueError);
    expect(imputer.statistics).toEqual([2]);
    const restored = transformFromState(JSON.parse(JSON.stringify(imputer.getState())));
    expect(
      Array.from((await restored.transform(aq.table({ n: [null, 5] }))).array('n') as Float64Array),
    ).toEqual([2, 5]);
  });
});
