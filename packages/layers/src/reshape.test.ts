import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { describeBackends } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { Reshape } from './reshape.js';
import { runLayerTest } from './testing/index.js';

await describeBackends('Reshape', () => {
  describe('explicit', () =>
    runLayerTest(() => new Reshape({ targetShape: [2, 6] }), {
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 2, 6],
    }));
  describe('inferred', () =>
    runLayerTest(() => new Reshape({ targetShape: [-1, 2, 2] }), {
      inputShape: [3, 8],
      expectedOutputShape: [3, 2, 2, 2],
    }));
});

describe('Reshape', () => {
  it('rejects impossible shapes', () => {
    expect(() => new Reshape({ targetShape: [-1, -1] })).toThrow(ConfigError);
    expect(() => new Reshape({ targetShape: [0] })).toThrow(ConfigError);
    const layer = new Reshape({ targetShape: [5] });
    const x = tf.zeros([2, 6]);
    expect(() => layer.apply(x)).toThrow(ShapeError);
    expect(() => new Reshape({ targetShape: [-1, 4] }).computeOutputShape([null, 6])).toThrow(ShapeError);
    x.dispose();
  });
});
