import { describe, expect, it } from 'vitest';
import { regressionOnBackends, regressionParity } from '../test/regression-harness.js';
import { R2Score, r2Score } from './r2-score.js';

regressionParity('r2Score', r2Score, R2Score);
await regressionOnBackends('r2Score', r2Score, R2Score);

describe('r2Score', () => {
  it('is 1 − SSres / SStot', async () => {
    // ȳ = 2, SStot = 2, SSres = 8: 1 − 8/2 = −3 (scikit-learn's docstring example)
    expect(await r2Score([1, 2, 3], [3, 2, 1])).toBe(-3);
  });
  it('is NaN for one sample, on every path', async () => {
    expect(await r2Score([1], [2])).toBeNaN();
    const metric = new R2Score({ multioutput: 'raw_values' });
    await metric.update([[1, 2]], [[1, 3]]);
    expect(await metric.compute()).toEqual([Number.NaN, Number.NaN]);
  });
  it('keeps its digits when the targets have a large mean', async () => {
    // SStot = 2 and SSres = 0.02 around 1e9; raw power sums would lose every digit here.
    const t = [1e9 - 1, 1e9, 1e9 + 1];
    const metric = new R2Score();
    for (let i = 0; i < 3; i++) await metric.update([t[i] as number], [(t[i] as number) + 0.1 * (i - 1)]);
    expect(await metric.compute()).toBeCloseTo(1 - 0.02 / 2, 6);
  });
});
