import { DTypeError, ValueError } from '@weft/core';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/one-hot-encoder.json' with { type: 'json' };
import { OneHotEncoder } from './one-hot-encoder.js';
import { transformFromState } from './registry.js';

const columnsOf = (t: aq.ColumnTable, names: string[]) => {
  const cols = names.map((n) => t.array(n) as ArrayLike<number>);
  return Array.from({ length: t.numRows() }, (_, i) => cols.map((c) => c[i]));
};

describe('OneHotEncoder parity with scikit-learn 1.2 (handle_unknown="ignore")', () => {
  for (const c of fixtures.cases) {
    it(c.name, async () => {
      const encoder = await new OneHotEncoder({ handleUnknown: 'ignore' }).fit(
        aq.table({ [c.column]: c.fit }),
        [c.column],
      );
      expect(encoder.categories).toEqual([c.categories]);
      expect(encoder.outputColumns).toEqual([c.outputColumns]);
      const fitted = await encoder.transform(aq.table({ [c.column]: c.fit }));
      expect(fitted.columnNames()).toEqual(c.outputColumns);
      expect(columnsOf(fitted, c.outputColumns)).toEqual(c.transformed);
      const other = await encoder.transform(aq.table({ [c.column]: c.other }));
      expect(columnsOf(other, c.outputColumns)).toEqual(c.otherTransformed);
      const back = await encoder.inverseTransform(other);
      expect(back.array(c.column)).toEqual(c.otherInverse);
    });
  }
});

describe('OneHotEncoder behaviour', () => {
  const houses = () =>
    aq.table({
      id: [1, 2, 3],
      kind: ['flat', 'house', 'flat'],
      area: [50, 120, 70],
      ok: [true, false, true],
    });

  it('encodes string and boolean columns by default, in place, keeping the others', async () => {
    const out = await new OneHotEncoder().fitTransform(houses());
    expect(out.columnNames()).toEqual(['id', 'kind_flat', 'kind_house', 'area', 'ok_false', 'ok_true']);
    expect(Array.from(out.array('kind_house') as Float64Array)).toEqual([0, 1, 0]);
    expect(Array.from(out.array('ok_true') as Float64Array)).toEqual([1, 0, 1]);
    const back = await new OneHotEncoder().fit(houses()).then((e) => e.inverseTransform(out));
    expect(back.objects()).toEqual(houses().objects());
  });

  it('throws on unseen categories by default, suggesting a close one', async () => {
    const encoder = await new OneHotEncoder({ columns: ['kind'] }).fit(houses());
    await expect(encoder.transform(aq.table({ kind: ['flta'] }))).rejects.toThrow(
      /column "kind" has a category not seen in fit at row 0.*Did you mean "flat"\?.*handleUnknown: 'ignore'/,
    );
  });

  it('refuses missing values, mixed kinds and output names that clash, keeping its state', async () => {
    const encoder = await new OneHotEncoder({ columns: ['kind'] }).fit(houses());
    await expect(encoder.fit(aq.table({ kind: ['a', null] }))).rejects.toThrow(/missing value at row 1/);
    await expect(encoder.fit(aq.table({ kind: ['a', 1] }))).rejects.toThrow(DTypeError);
    await expect(encoder.fit(aq.table({ kind: ['a', 'b'], kind_a: [1, 2] }))).rejects.toThrow(
      /output column "kind_a" would overwrite a column/,
    );
    expect(encoder.categories).toEqual([['flat', 'house']]);
    await expect(encoder.transform(aq.table({ kind: ['flat'], kind_flat: [0] }))).rejects.toThrow(ValueError);
  });

  it('round-trips through JSON state, keeping handleUnknown', async () => {
    const encoder = await new OneHotEncoder({ handleUnknown: 'ignore' }).fit(houses());
    const restored = transformFromState(JSON.parse(JSON.stringify(encoder.getState())));
    expect((await restored.transform(houses())).objects()).toEqual(
      (await encoder.transform(houses())).objects(),
    );
    const unseen = aq.table({ id: [9], kind: ['castle'], area: [1], ok: [true] });
    const out = await restored.transform(unseen);
    expect([out.get('kind_flat', 0), out.get('kind_house', 0)]).toEqual([0, 0]);
    const strict = transformFromState(
      JSON.parse(JSON.stringify((await new OneHotEncoder().fit(houses())).getState())),
    );
    await expect(strict.transform(unseen)).rejects.toThrow(/category not seen in fit/);
  });
});
