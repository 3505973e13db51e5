import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { labelCases, updateInBatches } from '../test/label-harness.js';
import { ConfusionMatrix, confusionMatrix } from './confusion-matrix.js';

const TIGHT = { atol: 1e-12, rtol: 1e-10 };

describe('confusionMatrix: parity with scikit-learn 1.2', () => {
  for (const c of labelCases) {
    it(c.name, async () => {
      for (const normalize of ['none', 'true', 'pred', 'all'] as const) {
        const options = { labels: c.labels, normalize: normalize === 'none' ? undefined : normalize };
        const cm = await confusionMatrix(c.yTrue, c.yPred, { ...options, sampleWeight: c.sampleWeight });
        await expectClose(cm, c.confusionMatrix[normalize], TIGHT);
        const metric = new ConfusionMatrix(options);
        await updateInBatches(metric, c);
        await expectClose(await metric.compute(), c.confusionMatrix[normalize], TIGHT);
      }
    });
  }
});

describe('confusionMatrix', () => {
  it('puts true labels in rows and predictions in columns, ordered by labels', async () => {
    // true 2 predicted 0 once; true 0 predicted 0 once; true 1 predicted 2 twice.
    expect(await confusionMatrix([2, 0, 1, 1], [0, 0, 2, 2])).toEqual([
      [1, 0, 0],
      [0, 0, 2],
      [1, 0, 0],
    ]);
    // Rows and columns [2, 1]: the two (true 1, predicted 2) samples land in row 1, column 0.
    expect(await confusionMatrix([2, 0, 1, 1], [0, 0, 2, 2], { labels: [2, 1] })).toEqual([
      [0, 0],
      [2, 0],
    ]);
    const metric = new ConfusionMatrix();
    await metric.update([5, 7], [7, 7]);
    expect(metric.labels()).toEqual([5, 7]);
  });
  it('needs at least one listed label among the true labels', async () => {
    await expect(confusionMatrix([0, 1], [0, 1], { labels: [4] })).rejects.toBeInstanceOf(ValueError);
    await expect(confusionMatrix([0, 1], [0, 1], { labels: [] })).rejects.toBeInstanceOf(ConfigError);
    await expect(confusionMatrix([0, 1], [0, 1], { normalize: 'rows' as 'true' })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});

await describeBackends('confusionMatrix', () => {
  it('counts one-hot targets against [n, C] scores on the device', async () => {
    const t = tf.tensor2d([
      [1, 0],
      [0, 1],
      [0, 1],
    ]);
    const p = tf.tensor2d([
      [0.4, 0.6],
      [0.1, 0.9],
      [0.7, 0.3],
    ]);
    const cm = await confusionMatrix(t, p);
    tf.dispose([t, p]);
    expect(cm).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });
});
