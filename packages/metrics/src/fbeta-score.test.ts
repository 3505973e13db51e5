import { ConfigError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { labelsOnBackends, setWiseParity } from '../test/label-harness.js';
import { FBetaScore, fbetaScore } from './fbeta-score.js';
import { precision } from './precision.js';
import { recall } from './recall.js';

setWiseParity('fbeta05', fbetaScore, FBetaScore, { beta: 0.5 });
setWiseParity('fbeta2', fbetaScore, FBetaScore, { beta: 2 });
await labelsOnBackends('fbeta2', fbetaScore, FBetaScore, { beta: 2 });

describe('fbetaScore', () => {
  it('is precision at β = 0 and recall at β = ∞', async () => {
    const [t, p] = [
      [0, 1, 1, 1, 0],
      [1, 1, 0, 1, 0],
    ];
    // tp = 2, fp = 1, fn = 1: precision 2/3, recall 2/3; F0.5 = F2 = 2/3 here, so check the limits.
    expect(await fbetaScore(t, p, { beta: 0 })).toBe(await precision(t, p));
    expect(await fbetaScore(t, p, { beta: Number.POSITIVE_INFINITY })).toBe(await recall(t, p));
  });
  it('requires a non-negative beta', async () => {
    await expect(fbetaScore([0, 1], [0, 1], { beta: -1 })).rejects.toBeInstanceOf(ConfigError);
    expect(() => new FBetaScore({} as { beta: number })).toThrow(ConfigError);
  });
});
