import { describe, expect, it } from 'vitest';
import { ols } from '../test/ols.js';
import { linearToy, linearToyMeta, loadLinearToy } from './linear-toy.js';

describe('linearToy', () => {
  it('has columns x and y, 100 rows by default, and is deterministic and prefix-stable', () => {
    const t = linearToy();
    expect(t.numRows()).toBe(100);
    expect(t.columnNames()).toEqual(linearToyMeta.columns);
    expect(linearToy(100, 0).objects()).toEqual(t.objects());
    expect(linearToy(30, 0).objects()).toEqual(t.objects({ limit: 30 }));
    expect(linearToy(100, 1).array('x')).not.toEqual(t.array('x'));
  });

  it('draws x in [0, 1) and follows y = 3x + 2 + N(0, 1)', () => {
    const t = linearToy(50000, 4);
    const x = t.array('x', Float64Array) as Float64Array;
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThan(1);
    const { beta, residualStd } = ols([x], t.array('y', Float64Array) as Float64Array);
    // Standard errors at n = 50,000: slope ≈ 0.015, intercept ≈ 0.009; 5σ tolerances.
    expect(Math.abs((beta[1] as number) - 3)).toBeLessThan(0.08);
    expect(Math.abs((beta[0] as number) - 2)).toBeLessThan(0.05);
    expect(Math.abs(residualStd - 1)).toBeLessThan(0.02);
  });

  it('resolves with metadata through loadLinearToy', async () => {
    const { table, meta } = await loadLinearToy({ n: 10 });
    expect(table.numRows()).toBe(10);
    expect(meta).toMatchObject({ name: 'linear-toy', rows: 10, license: 'Apache-2.0', target: 'y' });
  });
});
