import { describe, expect, it } from 'vitest';
import { regressionOnBackends, regressionParity } from '../test/regression-harness.js';
import { RootMeanSquaredError, rootMeanSquaredError } from './root-mean-squared-error.js';

regressionParity('rootMeanSquaredError', rootMeanSquaredError, RootMeanSquaredError);
await regressionOnBackends('rootMeanSquaredError', rootMeanSquaredError, RootMeanSquaredError);

describe('rootMeanSquaredError', () => {
  it('is the mean of per-output roots, as scikit-learn 1.2 computes it', async () => {
    // outputs: √((0² + 2²)/2) = √2 and √((3² + 4²)/2) = √12.5; mean of the two.
    const rmse = await rootMeanSquaredError(
      [
        [0, 0],
        [0, 0],
      ],
      [
        [0, 3],
        [2, 4],
      ],
    );
    expect(rmse).toBeCloseTo((Math.SQRT2 + Math.sqrt(12.5)) / 2, 14);
  });
});
