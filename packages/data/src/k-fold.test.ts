import { ConfigError } from '@weft/core';
import { checkProperty, fc } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { kFold } from './k-fold.js';

const ids = (n: number, strata?: number[]) =>
  aq.table({
    id: Array.from({ length: n }, (_, i) => i),
    s: strata ?? Array.from({ length: n }, (_, i) => i % 2),
  });
const idsOf = (t: aq.ColumnTable) => Array.from(t.array('id') as number[]);

describe('kFold', () => {
  it('sizes folds like scikit-learn and without shuffling makes consecutive folds', () => {
    const folds = kFold(ids(10), { k: 3, seed: 0, shuffle: false });
    expect(folds.map((f) => idsOf(f.test))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(idsOf(folds[1]?.train as aq.ColumnTable)).toEqual([0, 1, 2, 3, 7, 8, 9]);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = kFold(ids(40), { k: 4, seed: 1 }).map((f) => idsOf(f.test));
    expect(kFold(ids(40), { k: 4, seed: 1 }).map((f) => idsOf(f.test))).toEqual(a);
    expect(kFold(ids(40), { k: 4, seed: 2 }).map((f) => idsOf(f.test))).not.toEqual(a);
  });

  it('refuses k < 2, k > rows and non-integers', () => {
    expect(() => kFold(ids(5), { k: 1, seed: 0 })).toThrow(ConfigError);
    expect(() => kFold(ids(5), { k: 6, seed: 0 })).toThrow(/from 2 to the number of rows \(5\)/);
    expect(() => kFold(ids(5), { k: 2.5, seed: 0 })).toThrow(ConfigError);
  });

  it('property: every row tested exactly once, train is the complement, strata within one row', async () => {
    await checkProperty(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 120 })
          // Doubled: every class has ≥ 2 rows (a 1-row class is refused, as in scikit-learn).
          .map((s) => s.concat(s)),
        fc.integer({ min: 2, max: 8 }),
        fc.integer(),
        fc.boolean(),
        (strata, k, seed, shuffle) => {
          const n = strata.length;
          fc.pre(k <= n);
          const folds = kFold(ids(n, strata), { k, seed, shuffle, stratify: 's' });
          expect(folds).toHaveLength(k);
          const tested = folds.flatMap((f) => idsOf(f.test)).sort((a, b) => a - b);
          expect(tested).toEqual(strata.map((_, i) => i));
          folds.forEach((f, i) => {
            expect(f.test.numRows()).toBe(Math.floor(n / k) + (i < n % k ? 1 : 0));
            const both = [...idsOf(f.train), ...idsOf(f.test)].sort((a, b) => a - b);
            expect(both).toEqual(tested);
            for (const label of new Set(strata)) {
              const share = (strata.filter((s) => s === label).length * f.test.numRows()) / n;
              const got = (f.test.array('s') as number[]).filter((s) => s === label).length;
              expect(got === Math.floor(share) || got === Math.ceil(share)).toBe(true);
            }
          });
        },
      ),
    );
  });
});
