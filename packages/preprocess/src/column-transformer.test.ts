import { ConfigError, FormatError, NotFittedError, ValueError } from '@weft/core';
import { expectClose } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/column-transformer.json' with { type: 'json' };
import { type ColumnStep, ColumnTransformer, columnTransformer } from './column-transformer.js';
import { compose } from './compose.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { transformFromState } from './registry.js';
import { RobustScaler } from './robust-scaler.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';

type Case = (typeof fixtures.cases)[number];

const tableOf = (columns: Record<string, unknown[]>) => aq.table(columns);
const matrixOf = (t: aq.ColumnTable) => {
  const cols = t.columnNames().map((c) => t.array(c) as ArrayLike<number>);
  return Array.from({ length: t.numRows() }, (_, i) => cols.map((c) => c[i] as number));
};
/** The same steps as the fixture script, with or without the 'keep' passthrough step. */
const stepsFor = (c: Case): ColumnStep[] => [
  ['num', compose([new SimpleImputer({ strategy: 'median' }), new StandardScaler()]), ['area', 'rooms']],
  ['robust', new RobustScaler(), ['age']],
  ['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), ['kind', 'code']],
  ...(c.withKeepStep ? [['keep', 'passthrough', ['noise']] as ColumnStep] : []),
  ['gone', 'drop', ['id']],
];
const fitCase = (c: Case) =>
  columnTransformer(stepsFor(c), {
    remainder: c.remainder as 'drop' | 'passthrough',
    prefixNames: c.prefixNames,
  }).fit(tableOf(c.fit));
// Float64 on both sides (imputed medians, scaled values, 0/1 indicators): equal to rounding.
const CLOSE = { atol: 1e-9, rtol: 1e-9 };

describe('ColumnTransformer parity with scikit-learn 1.2', () => {
  for (const c of fixtures.cases) {
    it(c.name, async () => {
      const ct = await fitCase(c);
      expect(ct.outputColumns).toEqual(c.outputColumns);
      const fitted = await ct.transform(tableOf(c.fit));
      expect(fitted.columnNames()).toEqual(c.outputColumns);
      await expectClose(matrixOf(fitted), c.transformed, CLOSE);
      // Held-out rows: other column order, an extra column, an unseen kind and code, a missing room count.
      const other = await ct.transform(tableOf(c.other));
      expect(other.columnNames()).toEqual(c.outputColumns);
      await expectClose(matrixOf(other), c.otherTransformed, CLOSE);
      const fresh = columnTransformer(stepsFor(c), {
        remainder: c.remainder as 'drop' | 'passthrough',
        prefixNames: c.prefixNames,
      });
      expect((await fresh.fitTransform(tableOf(c.fit))).objects()).toEqual(fitted.objects());
    });
  }
});

describe('ColumnTransformer behaviour', () => {
  const houses = () =>
    aq.table({
      id: ['a', 'b', 'c', 'd'],
      area: [50, 100, 150, 200],
      kind: ['flat', 'house', 'flat', 'villa'],
      note: ['x', 'y', 'z', 'w'],
    });

  it('drops unnamed columns by default and passes them through on request, in table order', async () => {
    const steps = (): ColumnStep[] => [
      ['cat', new OneHotEncoder(), ['kind']],
      ['num', new StandardScaler(), ['area']],
    ];
    const dropped = await columnTransformer(steps()).fitTransform(houses());
    expect(dropped.columnNames()).toEqual(['kind_flat', 'kind_house', 'kind_villa', 'area']);
    const kept = await columnTransformer(steps(), { remainder: 'passthrough' }).fit(houses());
    expect(kept.remainderColumns).toEqual(['id', 'note']);
    expect(kept.columns).toEqual(['kind', 'area', 'id', 'note']);
    const out = await kept.transform(houses());
    expect(out.columnNames()).toEqual(['kind_flat', 'kind_house', 'kind_villa', 'area', 'id', 'note']);
    expect(out.array('note')).toEqual(['x', 'y', 'z', 'w']);
  });

  it('transforms filtered and reordered views row by row', async () => {
    const ct = await columnTransformer([['num', new StandardScaler(), ['area']]], {
      remainder: 'passthrough',
    }).fit(houses());
    const view = houses()
      .filter((d: { area: number }) => d.area > 60)
      .orderby(aq.desc('area'));
    const out = await ct.transform(view);
    expect(out.array('id')).toEqual(['d', 'c', 'b']);
    const s = Math.sqrt(3125);
    await expectClose(out.array('area') as Float64Array, [75 / s, 25 / s, -25 / s], CLOSE);
  });

  it('lets a column feed two steps when prefixes keep the outputs apart', async () => {
    const steps = (): ColumnStep[] => [
      ['z', new StandardScaler(), ['area']],
      ['r', new RobustScaler(), ['area']],
    ];
    await expect(columnTransformer(steps()).fit(houses())).rejects.toThrow(
      /steps "z" and "r" both output a column "area".*prefixNames: true/,
    );
    const ct = await columnTransformer(steps(), { prefixNames: true }).fit(houses());
    expect(ct.outputColumns).toEqual(['z__area', 'r__area']);
  });

  it('throws NotFittedError before fit, and names missing columns with a suggestion', async () => {
    const ct = columnTransformer([['num', new StandardScaler(), ['area']]]);
    await expect(ct.transform(houses())).rejects.toThrow(NotFittedError);
    expect(() => ct.getState()).toThrow(NotFittedError);
    await expect(columnTransformer([['num', new StandardScaler(), ['aera']]]).fit(houses())).rejects.toThrow(
      /no column "aera".*Did you mean "area"/,
    );
    await ct.fit(houses());
    await expect(ct.transform(aq.table({ areas: [1] }))).rejects.toThrow(/no column "area"/);
  });

  it('refuses empty tables, unseen categories and bad data, restoring every step', async () => {
    const scaler = new StandardScaler();
    const encoder = new OneHotEncoder();
    const ct = await columnTransformer([
      ['num', scaler, ['area']],
      ['cat', encoder, ['kind']],
    ]).fit(houses());
    const before = ct.getState();
    await expect(ct.fit(houses().filter(() => false))).rejects.toThrow(/no rows/);
    // The scaler fits, then the encoder fails on a missing kind: the scaler must get its state back.
    await expect(ct.fit(aq.table({ area: [1, 3], kind: ['a', null] }))).rejects.toThrow(/missing value/);
    await expect(ct.fit(aq.table({ area: [1, Number.NaN], kind: ['a', 'b'] }))).rejects.toThrow(ValueError);
    expect(ct.getState()).toEqual(before);
    expect(Array.from(scaler.mean)).toEqual([125]);
    await expect(ct.transform(aq.table({ area: [1], kind: ['castle'] }))).rejects.toThrow(
      /category not seen in fit/,
    );
  });

  it('refuses malformed steps and options', () => {
    const s = new StandardScaler();
    expect(() => columnTransformer([])).toThrow(ConfigError);
    expect(() => columnTransformer([['a', s, []]])).toThrow(/non-empty list of columns/);
    expect(() => columnTransformer([['a__b', s, ['x']]])).toThrow(/contains "__"/);
    expect(() =>
      columnTransformer([
        ['a', s, ['x']],
        ['a', new StandardScaler(), ['y']],
      ]),
    ).toThrow(/used twice/);
    expect(() =>
      columnTransformer([
        ['a', s, ['x']],
        ['b', s, ['y']],
      ]),
    ).toThrow(/reuses the transform/);
    expect(() => columnTransformer([['a', 'keep' as never, ['x']]])).toThrow(/has no transform/);
    expect(() => columnTransformer([['a', s, ['x', 'x']]])).toThrow(/twice/);
    expect(() => columnTransformer([['a', s, ['x']]], { remainder: 'keep' as never })).toThrow(ConfigError);
  });

  it('round-trips through JSON state, as a whole and into existing steps', async () => {
    const make = () =>
      columnTransformer(
        [
          ['num', compose([new SimpleImputer(), new StandardScaler()]), ['area']],
          ['cat', new OneHotEncoder(), ['kind']],
          ['gone', 'drop', ['note']],
        ],
        { remainder: 'passthrough', prefixNames: true },
      );
    const ct = await make().fit(houses());
    const state = JSON.parse(JSON.stringify(ct.getState()));
    const restored = transformFromState(state);
    expect(restored).toBeInstanceOf(ColumnTransformer);
    expect(restored.getState()).toEqual(ct.getState());
    const expected = (await ct.transform(houses())).objects();
    expect((await restored.transform(houses())).objects()).toEqual(expected);
    expect((await make().setState(state).transform(houses())).objects()).toEqual(expected);
    expect(() => columnTransformer([['num', new StandardScaler(), ['area']]]).setState(state)).toThrow(
      FormatError,
    );
    expect(() => ColumnTransformer.fromState({ ...state, remainder: 'keep' })).toThrow(FormatError);
  });
});
