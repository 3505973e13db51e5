import { ConfigError, ValueError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { rankingOnBackends, rankingParity } from '../test/ranking-harness.js';
import { RocAuc, rocAuc } from './roc-auc.js';

rankingParity('rocAuc', rocAuc, RocAuc);
await rankingOnBackends('rocAuc', rocAuc);

describe('rocAuc', () => {
  it('counts tied scores as half a correct ranking', async () => {
    // pairs (positive, negative): (0.8, 0.1) right, (0.8, 0.4) right, (0.4, 0.1) right, (0.4, 0.4) tie: 3.5 / 4
    expect(await rocAuc([0, 1, 0, 1], [0.1, 0.8, 0.4, 0.4])).toBe(0.875);
  });
  it('asks for multiClass with [n, C] scores, and checks that rows are probabilities', async () => {
    const t = [0, 1, 2];
    const p = [
      [0.8, 0.1, 0.1],
      [0.1, 0.8, 0.1],
      [0.1, 0.1, 0.8],
    ];
    await expect(rocAuc(t, p)).rejects.toThrow(/multiClass 'ovr'/);
    await expect(rocAuc(t, p)).rejects.toBeInstanceOf(ConfigError);
    expect(await rocAuc(t, p, { multiClass: 'ovr' })).toBe(1);
    await expect(rocAuc(t, [[1, 1, 0], ...p.slice(1)], { multiClass: 'ovr' })).rejects.toThrow(/sum to 1/);
    await expect(rocAuc(t, p, { multiClass: 'ovo', average: 'none' })).rejects.toBeInstanceOf(ConfigError);
    await expect(rocAuc(t, p, { multiClass: 'ovo', sampleWeight: [1, 2, 1] })).rejects.toBeInstanceOf(
      ValueError,
    );
    await expect(rocAuc([0, 1, 1], p, { multiClass: 'ovr' })).rejects.toBeInstanceOf(ValueError);
  });
});
