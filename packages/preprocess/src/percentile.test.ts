import { describe, expect, it } from 'vitest';
import { median, percentile } from './percentile.js';

describe('percentile (numpy linear method)', () => {
  const x = Float64Array.of(1, 2, 4, 8);
  it('interpolates between order statistics as np.percentile does', () => {
    // np.percentile([1, 2, 4, 8], [0, 25, 50, 75, 90, 100]) = [1, 1.75, 3, 5, 6.8, 8]
    expect([0, 25, 50, 75, 100].map((q) => percentile(x, q))).toEqual([1, 1.75, 3, 5, 8]);
    expect(percentile(x, 90)).toBeCloseTo(6.8, 14);
    expect(percentile(Float64Array.of(5), 30)).toBe(5);
  });
  it('takes the median of the middle pair', () => {
    expect(median(x)).toBe(3);
    expect(median(Float64Array.of(1, 2, 9))).toBe(2);
  });
});
