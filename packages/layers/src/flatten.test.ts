import { describeBackends } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { Flatten } from './flatten.js';
import { runLayerTest } from './testing/index.js';

await describeBackends('Flatten', () => {
  describe('rank 4', () =>
    runLayerTest(() => new Flatten(), { inputShape: [2, 3, 2, 2], expectedOutputShape: [2, 12] }));
  describe('rank 2', () =>
    runLayerTest(() => new Flatten(), { inputShape: [3, 4], expectedOutputShape: [3, 4] }));
});

describe('Flatten', () => {
  it('keeps unknown sizes unknown', () => {
    expect(new Flatten().computeOutputShape([null, null, 3])).toEqual([null, null]);
    expect(new Flatten().countParams()).toBe(0);
  });
});
