import { ConfigError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { regressionOnBackends, regressionParity } from '../test/regression-harness.js';
import { MeanSquaredError, meanSquaredError } from './mean-squared-error.js';

regressionParity('meanSquaredError', meanSquaredError, MeanSquaredError);
await regressionOnBackends('meanSquaredError', meanSquaredError, MeanSquaredError);

describe('meanSquaredError', () => {
  it('averages squared errors, weighted by sampleWeight', async () => {
    // (0.5² + 0.5² + 0² + 1²) / 4 = 1.5 / 4
    expect(await meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBe(0.375);
    // (1·0.25 + 3·1) / 4
    expect(await meanSquaredError([0, 0], [0.5, 1], { sampleWeight: [1, 3] })).toBe(0.8125);
  });
  it('rejects variance_weighted, which only R² and explained variance define', async () => {
    const options = { multioutput: 'variance_weighted' } as unknown as { multioutput: 'raw_values' };
    await expect(meanSquaredError([1, 2], [1, 2], options)).rejects.toBeInstanceOf(ConfigError);
    expect(() => new MeanSquaredError(options)).toThrow(ConfigError);
  });
  it('types raw_values results as arrays', async () => {
    const raw: number[] = await meanSquaredError([[1, 2]], [[1, 4]], { multioutput: 'raw_values' });
    expect(raw).toEqual([0, 4]);
  });
});
