import { ConfigError } from '@weft/core';
import { checkProperty, fc } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { split } from './split.js';

const ids = (n: number, strata?: number[]) =>
  aq.table({
    id: Array.from({ length: n }, (_, i) => i),
    s: strata ?? Array.from({ length: n }, (_, i) => i % 3),
  });
const idsOf = (t: aq.ColumnTable) => Array.from(t.array('id') as number[]);

describe('split', () => {
  it('makes three parts sized ceil(f · n) for validation and test, the rest for train', () => {
    const { train, validation, test } = split(ids(101), { validation: 0.15, test: 0.15, seed: 1 });
    expect([train.numRows(), validation.numRows(), test.numRows()]).toEqual([69, 16, 16]);
    expect(split(ids(20), { validation: 3, test: 2, seed: 0 }).train.numRows()).toBe(15);
  });

  it('accepts an explicit train size that agrees, and refuses one that does not', () => {
    expect(split(ids(100), { train: 0.7, validation: 0.15, test: 0.15, seed: 0 }).train.numRows()).toBe(70);
    expect(() => split(ids(100), { train: 0.8, validation: 0.15, test: 0.15, seed: 0 })).toThrow(
      /do not add up to the table's 100 rows/,
    );
    expect(() => split(ids(10), { validation: 5, test: 5, seed: 0 })).toThrow(ConfigError);
  });

  it('is deterministic for a seed; without shuffling parts are consecutive runs', () => {
    const a = split(ids(30), { validation: 0.2, test: 0.2, seed: 9 });
    const b = split(ids(30), { validation: 0.2, test: 0.2, seed: 9 });
    expect(idsOf(a.validation)).toEqual(idsOf(b.validation));
    const plain = split(ids(10), { validation: 2, test: 3, seed: 0, shuffle: false });
    expect(idsOf(plain.train)).toEqual([0, 1, 2, 3, 4]);
    expect(idsOf(plain.validation)).toEqual([5, 6]);
    expect(idsOf(plain.test)).toEqual([7, 8, 9]);
  });

  it('property: a partition of the rows, every stratum within one row of its share in every part', async () => {
    await checkProperty(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 150 })
          // Doubled: every class has ≥ 2 rows (a 1-row class is refused, as in scikit-learn).
          .map((s) => s.concat(s)),
        fc.double({ min: 0.05, max: 0.45, noNaN: true }),
        fc.double({ min: 0.05, max: 0.45, noNaN: true }),
        fc.integer(),
        (strata, fv, ft, seed) => {
          const n = strata.length;
          const sizes = [n - Math.ceil(fv * n) - Math.ceil(ft * n), Math.ceil(fv * n), Math.ceil(ft * n)];
          fc.pre((sizes[0] as number) >= 1);
          const parts = split(ids(n, strata), { validation: fv, test: ft, seed, stratify: 's' });
          const all = [parts.train, parts.validation, parts.test];
          expect(all.map((t) => t.numRows())).toEqual(sizes);
          expect(all.flatMap(idsOf).sort((a, b) => a - b)).toEqual(strata.map((_, i) => i));
          for (const label of new Set(strata)) {
            const size = strata.filter((s) => s === label).length;
            all.forEach((part, p) => {
              const got = (part.array('s') as number[]).filter((s) => s === label).length;
              const share = (size * (sizes[p] as number)) / n;
              expect(got === Math.floor(share) || got === Math.ceil(share)).toBe(true);
            });
          }
        },
      ),
    );
  });
});
