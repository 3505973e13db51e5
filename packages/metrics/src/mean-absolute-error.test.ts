import { describe, expect, it } from 'vitest';
import { regressionOnBackends, regressionParity } from '../test/regression-harness.js';
import { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error.js';

regressionParity('meanAbsoluteError', meanAbsoluteError, MeanAbsoluteError);
await regressionOnBackends('meanAbsoluteError', meanAbsoluteError, MeanAbsoluteError);

describe('meanAbsoluteError', () => {
  it('averages absolute errors', async () => {
    // (0.5 + 0.5 + 0 + 1) / 4
    expect(await meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBe(0.5);
  });
});
