import { ConfigError, ValueError } from '@weft/core';
import { checkProperty, fc } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { trainTestSplit } from './train-test-split.js';

const ids = (n: number) => aq.table({ id: Array.from({ length: n }, (_, i) => i), label: labels(n) });
// 60 % "a", 30 % "b", 10 % "c" for n = 10·k.
const labels = (n: number) =>
  Array.from({ length: n }, (_, i) => (i % 10 < 6 ? 'a' : i % 10 < 9 ? 'b' : 'c'));
const idsOf = (t: aq.ColumnTable) => Array.from(t.array('id') as number[]);

describe('trainTestSplit', () => {
  it('sizes the test set like scikit-learn: ceil(fraction · n), or a row count', () => {
    expect(trainTestSplit(ids(10), { test: 0.25, seed: 0 }).test.numRows()).toBe(3);
    expect(trainTestSplit(ids(500), { test: 0.2, seed: 0 }).test.numRows()).toBe(100);
    expect(trainTestSplit(ids(7), { test: 0.5, seed: 0 }).test.numRows()).toBe(4);
    const counted = trainTestSplit(ids(10), { test: 4, seed: 0 });
    expect([counted.train.numRows(), counted.test.numRows()]).toEqual([6, 4]);
  });

  it('loses and duplicates no row, and keeps every column', () => {
    const { train, test } = trainTestSplit(ids(101), { test: 0.3, seed: 7 });
    const all = [...idsOf(train), ...idsOf(test)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(train.columnNames()).toEqual(['id', 'label']);
    expect(test.array('label')).toEqual(idsOf(test).map((i) => labels(101)[i]));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = trainTestSplit(ids(50), { test: 0.2, seed: 3 });
    const b = trainTestSplit(ids(50), { test: 0.2, seed: 3 });
    const c = trainTestSplit(ids(50), { test: 0.2, seed: 4 });
    expect(idsOf(a.test)).toEqual(idsOf(b.test));
    expect(idsOf(a.train)).toEqual(idsOf(b.train));
    expect(idsOf(a.test)).not.toEqual(idsOf(c.test));
  });

  it('shuffles by default; without shuffling the test set is the last rows in order', () => {
    const shuffled = idsOf(trainTestSplit(ids(20), { test: 5, seed: 1 }).test);
    expect(shuffled).not.toEqual([15, 16, 17, 18, 19]);
    const { train, test } = trainTestSplit(ids(20), { test: 5, seed: 1, shuffle: false });
    expect(idsOf(test)).toEqual([15, 16, 17, 18, 19]);
    expect(idsOf(train)).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it('keeps stratum proportions exactly where they divide evenly', () => {
    const { train, test } = trainTestSplit(ids(100), { test: 0.2, seed: 5, stratify: 'label' });
    expect(count(test, 'label')).toEqual({ a: 12, b: 6, c: 2 });
    expect(count(train, 'label')).toEqual({ a: 48, b: 24, c: 8 });
  });

  it('stratifies without shuffling too, taking each stratum’s last rows', () => {
    // Shares of 6 test rows: a 3.6, b 1.8, c 0.6; floors give 4, the two spare rows go to the
    // largest remainders in stratum order (a, then b), so c keeps its one row in train.
    const { test } = trainTestSplit(ids(20), { test: 0.3, seed: 0, stratify: 'label', shuffle: false });
    expect(count(test, 'label')).toEqual({ a: 4, b: 2 });
    expect(idsOf(test)).toEqual([12, 13, 14, 15, 17, 18]);
  });

  it('works on filtered and ordered tables, returning materialized rows', () => {
    const view = ids(30)
      .filter((d: { id: number }) => d.id % 2 === 0)
      .orderby(aq.desc('id'));
    const { train, test } = trainTestSplit(view, { test: 5, seed: 2, shuffle: false });
    expect(idsOf(test)).toEqual([8, 6, 4, 2, 0]);
    expect(train.numRows()).toBe(10);
    expect(train.isFiltered()).toBe(false);
  });

  it('keeps groups of grouped tables and reads Arrow-backed columns', () => {
    const grouped = trainTestSplit(ids(20).groupby('label'), { test: 5, seed: 3 });
    expect(grouped.test.isGrouped()).toBe(true);
    expect(grouped.test.array('label')).toEqual(idsOf(grouped.test).map((i) => labels(20)[i]));
    const arrow = aq.fromArrow(ids(20).toArrowIPC());
    const fromArrow = trainTestSplit(arrow, { test: 5, seed: 3 });
    expect(idsOf(fromArrow.test)).toEqual(idsOf(trainTestSplit(ids(20), { test: 5, seed: 3 }).test));
    expect(fromArrow.test.array('label')).toEqual(idsOf(fromArrow.test).map((i) => labels(20)[i]));
  });

  it('refuses sizes that leave a part empty, bad fractions, a missing seed and empty tables', () => {
    expect(() => trainTestSplit(ids(10), { test: 10, seed: 0 })).toThrow(/train part would have no rows/);
    expect(() => trainTestSplit(ids(10), { test: 0, seed: 0 })).toThrow(ConfigError);
    expect(() => trainTestSplit(ids(10), { test: 1.5, seed: 0 })).toThrow(
      /neither a fraction nor a row count/,
    );
    expect(() => trainTestSplit(ids(10), { test: 0.2 } as never)).toThrow(/no usable seed/);
    expect(() => trainTestSplit(ids(0), { test: 0.2, seed: 0 })).toThrow(/no rows/);
    expect(() => trainTestSplit(ids(10), { test: 0.2, seed: 0, stratify: 'lable' })).toThrow(
      /Did you mean "label"/,
    );
    const missing = aq.table({ id: [1, 2, 3], label: ['a', null, 'b'] });
    expect(() => trainTestSplit(missing, { test: 1, seed: 0, stratify: 'label' })).toThrow(ValueError);
  });

  it('property: a partition of the rows, sized ceil(f·n), each stratum within one row of its share', async () => {
    await checkProperty(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 120 })
          // Doubled: every class has ≥ 2 rows (a 1-row class is refused, as in scikit-learn).
          .map((s) => s.concat(s)),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer(),
        fc.boolean(),
        (strata, fraction, seed, shuffle) => {
          const n = strata.length;
          const nTest = Math.ceil(fraction * n);
          fc.pre(nTest < n);
          const table = aq.table({ id: strata.map((_, i) => i), s: strata });
          const { train, test } = trainTestSplit(table, { test: fraction, seed, shuffle, stratify: 's' });
          expect(test.numRows()).toBe(nTest);
          const all = [...idsOf(train), ...idsOf(test)].sort((a, b) => a - b);
          expect(all).toEqual(strata.map((_, i) => i));
          const testCounts = count(test, 's');
          for (const [label, size] of Object.entries(count(table, 's'))) {
            const share = (size * nTest) / n;
            const got = testCounts[label] ?? 0;
            expect(got === Math.floor(share) || got === Math.ceil(share)).toBe(true);
          }
        },
      ),
    );
  });
});

function count(table: aq.ColumnTable, column: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of table.array(column) as unknown[]) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}
