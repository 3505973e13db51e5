import * as tf from '@tensorflow/tfjs-core';
import { Accuracy, MeanAbsoluteError } from '@weft/metrics';
import { describeBackends } from '@weft/testing';
import { expect, it } from 'vitest';
import { accuracyMetric, maeMetric, mseMetric, rmseMetric } from './device-metrics.js';
import { resolveMetrics, validationKey } from './resolve.js';
import { WeftMetricAdapter } from './weft-metric.js';

await describeBackends('loop metrics', () => {
  it('accumulate over batches on the device and give hand-computed values', async () => {
    const acc = accuracyMetric();
    const mae = maeMetric();
    const mse = mseMetric();
    const rmse = rmseMetric();
    const batches = [
      {
        y: [[0], [2], [1]],
        p: [
          [0.9, 0.1, 0],
          [0.1, 0.2, 0.7],
          [0.3, 0.4, 0.3],
        ],
      },
      { y: [[1]], p: [[0.6, 0.3, 0.1]] },
    ];
    for (const b of batches) {
      const y = tf.tensor2d(b.y);
      const p = tf.tensor2d(b.p);
      acc.update(y, p);
      tf.dispose([y, p]);
    }
    // argmax: 0, 2, 1, 0 against 0, 2, 1, 1 → 3/4.
    expect(await acc.result()).toBeCloseTo(0.75, 6);
    const t1 = tf.tensor2d([[1], [2]]);
    const p1 = tf.tensor2d([[2], [0]]);
    const t2 = tf.tensor1d([0]);
    const p2 = tf.tensor2d([[3]]);
    for (const m of [mae, mse, rmse]) {
      m.update(t1, p1);
      m.update(t2, p2);
    }
    // errors 1, 2, 3 → mae 2, mse 14/3, rmse √(14/3).
    expect(await mae.result()).toBeCloseTo(2, 5);
    expect(await mse.result()).toBeCloseTo(14 / 3, 5);
    expect(await rmse.result()).toBeCloseTo(Math.sqrt(14 / 3), 5);
    tf.dispose([t1, p1, t2, p2]);
  });

  it('accuracy reads binary probabilities, one-hot targets and sparse labels', async () => {
    const cases: [number[][], number[][], number][] = [
      [[[1], [0], [1]], [[0.8], [0.6], [0.4]], 1 / 3],
      [
        [
          [0, 1],
          [1, 0],
        ],
        [
          [0.2, 0.8],
          [0.3, 0.7],
        ],
        0.5,
      ],
    ];
    for (const [yTrue, yPred, expected] of cases) {
      const m = accuracyMetric();
      const y = tf.tensor2d(yTrue);
      const p = tf.tensor2d(yPred);
      m.update(y, p);
      expect(await m.result()).toBeCloseTo(expected, 6);
      tf.dispose([y, p]);
    }
    const labels = tf.tensor1d([2, 0], 'int32');
    const scores = tf.tensor2d([
      [0, 0, 1],
      [0, 1, 0],
    ]);
    const sparse = accuracyMetric();
    sparse.update(labels, scores);
    expect(await sparse.result()).toBeCloseTo(0.5, 6);
    tf.dispose([labels, scores]);
  });

  it('runs @weft/metrics objects once per epoch on the concatenated batches', async () => {
    const metric = new MeanAbsoluteError();
    const update = metric.update.bind(metric);
    let calls = 0;
    metric.update = async (...args) => {
      calls += 1;
      return update(...args);
    };
    const adapter = new WeftMetricAdapter(metric);
    for (const [t, p] of [
      [
        [[1], [2]],
        [[2], [0]],
      ],
      [[[0]], [[3]]],
    ] as number[][][][]) {
      const yt = tf.tensor2d(t as number[][]);
      const yp = tf.tensor2d(p as number[][]);
      adapter.update(yt, yp);
      tf.dispose([yt, yp]);
    }
    expect(calls).toBe(0);
    expect(await adapter.result()).toBeCloseTo(2, 6);
    expect(calls).toBe(1);
    expect(adapter.key).toBe('meanAbsoluteError');
    const acc = new WeftMetricAdapter(new Accuracy());
    const y = tf.tensor2d([[1], [0], [1], [1]]);
    const p = tf.tensor2d([[0.9], [0.2], [0.3], [0.7]]);
    acc.update(y, p);
    expect(await acc.result()).toBeCloseTo(0.75, 6);
    tf.dispose([y, p]);
  });

  it('resolves names, objects and history keys, rejecting unknown and duplicate metrics', () => {
    const metrics = resolveMetrics(['accuracy', new MeanAbsoluteError()], 'fit');
    expect(metrics.map((m) => m.key)).toEqual(['accuracy', 'meanAbsoluteError']);
    expect(validationKey('meanAbsoluteError')).toBe('valMeanAbsoluteError');
    expect(() => resolveMetrics(['acuracy' as 'accuracy'], 'fit')).toThrow(/unknown metric "acuracy"/);
    expect(() => resolveMetrics(['mae', 'mae'], 'fit')).toThrow(/both be logged as "mae"/);
  });
});
