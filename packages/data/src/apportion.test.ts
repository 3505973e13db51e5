import { Rng } from '@weft/core';
import { checkProperty, fc } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { apportion } from './apportion.js';

function expectValid(strata: number[], parts: number[], counts: number[][]): void {
  const total = strata.reduce((a, b) => a + b, 0);
  counts.forEach((row, c) => {
    expect(row.reduce((a, b) => a + b, 0)).toBe(strata[c]);
    row.forEach((v, p) => {
      const share = ((strata[c] as number) * (parts[p] as number)) / total;
      expect(v === Math.floor(share) || v === Math.ceil(share)).toBe(true);
    });
  });
  parts.forEach((size, p) => {
    expect(counts.reduce((a, row) => a + (row[p] as number), 0)).toBe(size);
  });
}

/** Sizes of k parts like k-fold: the first n % k get one more. */
const folds = (n: number, k: number) =>
  Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));

describe('apportion', () => {
  it('divides exactly when shares are whole', () => {
    expect(apportion([60, 30, 10], [80, 20])).toEqual([
      [48, 12],
      [24, 6],
      [8, 2],
    ]);
  });

  it('gives spare rows to the largest remainders, ties to the earlier stratum without an rng', () => {
    // Test shares 3.6, 1.8, 0.6 of 6 rows: floors 3 + 1 + 0 leave 2 spare rows.
    expect(apportion([12, 6, 2], [14, 6])).toEqual([
      [8, 4],
      [4, 2],
      [2, 0],
    ]);
  });

  it('solves cases that need a repair after the greedy pass', () => {
    // Many strata of 1 into 3 parts: every share is fractional, so the greedy pass alone can
    // paint itself into a corner; the result must still meet every constraint.
    const strata = [1, 1, 1, 2, 2, 3, 1, 1, 5, 1];
    const parts = folds(18, 3);
    for (let seed = 0; seed < 50; seed++) expectValid(strata, parts, apportion(strata, parts, new Rng(seed)));
  });

  it('property: rows, columns and floor/ceil bounds hold for any strata and parts', async () => {
    await checkProperty(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 2, max: 7 }),
        fc.integer(),
        (strata, k, seed) => {
          const n = strata.reduce((a, b) => a + b, 0);
          fc.pre(n >= k);
          const parts = folds(n, k);
          expectValid(strata, parts, apportion(strata, parts, new Rng(seed)));
          expectValid(strata, parts, apportion(strata, parts));
        },
      ),
      { numRuns: 200 },
    );
  });
});
