import { describe, expect, it } from 'vitest';
import { normalPpf } from './normal-ppf.js';

describe('normalPpf (AS 241)', () => {
  it('matches scipy.stats.norm.ppf to 1e-15 relative', () => {
    // Values printed by scipy 1.10: norm.ppf(p).
    const reference: [number, number][] = [
      [0.001, -3.090232306167813],
      [0.01, -2.3263478740408408],
      [0.1, -1.2815515655446004],
      [0.25, -0.6744897501960817],
      [0.3, -0.5244005127080409],
      [0.75, 0.6744897501960817],
      [0.99, 2.3263478740408408],
      [1e-10, -6.361340902404056],
      [1 - 1e-12, 7.0344869100478356],
    ];
    for (const [p, z] of reference)
      expect(Math.abs(normalPpf(p) - z)).toBeLessThanOrEqual(1e-15 * Math.abs(z));
    expect(normalPpf(0.5)).toBe(0);
  });
  it('is infinite at 0 and 1 and NaN outside', () => {
    expect(normalPpf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalPpf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalPpf(1.5)).toBeNaN();
  });
});
