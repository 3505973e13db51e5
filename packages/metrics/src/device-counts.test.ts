import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { describeBackends } from '@weft/testing';
import { expect, it } from 'vitest';
import { ConfusionState } from './confusion-state.js';
import { deviceCounts } from './device-counts.js';
import { argmaxRows } from './label-input.js';

/** Scores on a 1/8 grid: exact in float32, with many ties for argmax to break. */
function data(n: number, k: number, seed: number): { labels: number[]; scores: number[][] } {
  const rng = new Rng(seed);
  const labels = Array.from({ length: n }, () => Math.floor(rng.uniform() * k));
  const scores = labels.map(() => Array.from({ length: k }, () => Math.floor(rng.uniform() * 8) / 8));
  return { labels, scores };
}

await describeBackends('deviceCounts', () => {
  it('counts exactly what the JS path counts, ties included', async () => {
    const { labels, scores } = data(500, 5, 7);
    const [t, p] = [tf.tensor1d(labels, 'int32'), tf.tensor2d(scores)];
    const dense = await deviceCounts(t, p, undefined);
    tf.dispose([t, p]);
    const fromDevice = new ConfusionState();
    fromDevice.addDense(dense?.matrix ?? [], dense?.k ?? 0);
    const fromJs = new ConfusionState();
    fromJs.add(labels, argmaxRows({ values: Float64Array.from(scores.flat()), rows: 500, cols: 5, rank: 2 }));
    expect(dense?.k).toBe(5);
    expect(fromDevice.toJSON()).toEqual(fromJs.toJSON());
  });
  it('thresholds 1-D scores when a threshold is given', async () => {
    const [t, p] = [tf.tensor1d([1, 0, 1, 0]), tf.tensor1d([0.2, -1, 3, 0.1])];
    const dense = await deviceCounts(t, p, 0.15);
    tf.dispose([t, p]);
    // true 0: scores −1, 0.1 → both 0; true 1: scores 0.2, 3 → both 1.
    expect(Array.from(dense?.matrix ?? [])).toEqual([2, 0, 0, 2]);
  });
  it('declines labels it cannot index and NaN scores, so the JS path reports them', async () => {
    const cases: [number[], number[][]][] = [
      [
        [0, 3],
        [
          [0.5, 0.5],
          [0.1, 0.9],
        ],
      ],
      [
        [0, -1],
        [
          [0.5, 0.5],
          [0.1, 0.9],
        ],
      ],
      [
        [0, 0.5],
        [
          [0.5, 0.5],
          [0.1, 0.9],
        ],
      ],
      [
        [0, 1],
        [
          [Number.NaN, 0.5],
          [0.1, 0.9],
        ],
      ],
    ];
    for (const [labels, scores] of cases) {
      const [t, p] = [tf.tensor1d(labels), tf.tensor2d(scores)];
      const dense = await deviceCounts(t, p, undefined);
      tf.dispose([t, p]);
      expect(dense).toBeUndefined();
    }
  });
  it('leaves arrays and label tensors to the JS path', async () => {
    const [t, p] = [tf.tensor1d([0, 1]), tf.tensor1d([1, 1])];
    expect(await deviceCounts(t, p, undefined)).toBeUndefined();
    tf.dispose([t, p]);
    expect(
      await deviceCounts(
        [0, 1],
        [
          [0.2, 0.8],
          [0.6, 0.4],
        ],
        undefined,
      ),
    ).toBeUndefined();
  });
});
