import { ConfigError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { ols } from '../test/ols.js';
import { housePrices, housePricesMeta, loadHousePrices } from './house-prices.js';

const column = (t: ReturnType<typeof housePrices>, name: string) =>
  t.array(name, Float64Array) as Float64Array;

describe('housePrices', () => {
  it('has the documented columns and 500 rows by default', () => {
    const t = housePrices();
    expect(t.numRows()).toBe(500);
    expect(t.columnNames()).toEqual(housePricesMeta.columns);
  });

  it('is deterministic for a seed, differs across seeds, and is prefix-stable in n', () => {
    const a = housePrices(200, 7);
    expect(housePrices(200, 7).objects()).toEqual(a.objects());
    expect(column(housePrices(200, 8), 'house_price')).not.toEqual(column(a, 'house_price'));
    expect(housePrices(50, 7).objects()).toEqual(a.objects({ limit: 50 }));
  });

  it('draws each feature in its documented range and roughly uniformly', () => {
    const n = 30000;
    const t = housePrices(n, 1);
    const area = column(t, 'house_area');
    expect(Math.min(...area)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...area)).toBeLessThan(250);
    // The mean's standard error is 57.7 / √30000 ≈ 0.33.
    expect(Math.abs(area.reduce((a, b) => a + b, 0) / n - 150)).toBeLessThan(1.5);
    for (const [name, values] of [
      ['bedroom_number', [1, 2, 3, 4, 5]],
      ['house_type', [0, 1, 2]],
    ] as const) {
      const counts = new Map<number, number>();
      for (const v of t.array(name) as Int32Array) counts.set(v, (counts.get(v) ?? 0) + 1);
      expect([...counts.keys()].sort()).toEqual([...values]);
      // Each level's share within 5 standard errors of uniform.
      const p = 1 / values.length;
      for (const c of counts.values())
        expect(Math.abs(c / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('follows the documented price model: OLS recovers the coefficients and the noise level', () => {
    const t = housePrices(40000, 3);
    const { beta, residualStd } = ols(
      [column(t, 'house_area'), column(t, 'bedroom_number'), column(t, 'house_type')],
      column(t, 'house_price'),
    );
    const [intercept, area, bedrooms, type] = beta as [number, number, number, number];
    // Tolerances are ≈ 5 standard errors at n = 40,000 with noise σ = 30,000.
    expect(Math.abs(area - 3000)).toBeLessThan(15);
    expect(Math.abs(bedrooms - 20000)).toBeLessThan(600);
    expect(Math.abs(type - 50000)).toBeLessThan(1000);
    expect(Math.abs(intercept)).toBeLessThan(3500);
    expect(Math.abs(residualStd - 30000) / 30000).toBeLessThan(0.02);
  });

  it('resolves with metadata through loadHousePrices', async () => {
    const { table, meta } = await loadHousePrices({ n: 20, seed: 2 });
    expect(table.objects()).toEqual(housePrices(20, 2).objects());
    expect(meta).toMatchObject({
      name: 'house-prices',
      source: 'synthetic (seeded)',
      license: 'Apache-2.0',
      rows: 20,
    });
  });

  it('refuses bad sizes and seeds', () => {
    expect(() => housePrices(0)).toThrow(ConfigError);
    expect(() => housePrices(2.5)).toThrow(/row count is not a positive integer/);
    expect(() => housePrices(10, Number.NaN)).toThrow(/seed is not a finite number/);
  });
});
