import { describe, expect, it } from 'vitest';
import { regressionOnBackends, regressionParity } from '../test/regression-harness.js';
import { ExplainedVariance, explainedVariance } from './explained-variance.js';
import { r2Score } from './r2-score.js';

regressionParity('explainedVariance', explainedVariance, ExplainedVariance);
await regressionOnBackends('explainedVariance', explainedVariance, ExplainedVariance);

describe('explainedVariance', () => {
  it('ignores a constant bias that R² penalizes', async () => {
    // errors are all −1: their variance is 0, so EV = 1; R² = 1 − 3/2.
    expect(await explainedVariance([1, 2, 3], [2, 3, 4])).toBe(1);
    expect(await r2Score([1, 2, 3], [2, 3, 4])).toBe(-0.5);
  });
});
