import { ValueError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { rankingOnBackends, rankingParity } from '../test/ranking-harness.js';
import { AveragePrecision, averagePrecision } from './average-precision.js';

rankingParity('averagePrecision', averagePrecision, AveragePrecision);
await rankingOnBackends('averagePrecision', averagePrecision);

describe('averagePrecision', () => {
  it('sums precision × recall steps (scikit-learn docstring example)', async () => {
    // thresholds 0.8, 0.4, 0.35, 0.1: (R, P) = (0.5, 1), (0.5, 0.5), (1, 2/3), (1, 0.5)
    // AP = 0.5·1 + 0·0.5 + 0.5·(2/3) + 0·0.5 = 0.8333…
    expect(await averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 15);
  });
  it('rejects a posLabel that is not in the data, and 1-D scores for multiclass labels', async () => {
    await expect(averagePrecision([0, 2], [0.1, 0.9])).rejects.toThrow(/posLabel=1/);
    await expect(averagePrecision([0, 1, 2], [0.1, 0.9, 0.5])).rejects.toBeInstanceOf(ValueError);
  });
});
