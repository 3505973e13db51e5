import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { BatchNormalization } from './batch-normalization.js';
import { layerFromConfig } from './registry.js';
import { makeInput, numericalGradients, probe, runLayerTest } from './testing/index.js';
import { getWeights, setWeights } from './weights.js';

/** Moving statistics away from 0 and 1, so inference mode is not the identity (gamma, [beta,] mean, variance). */
function withStatistics(layer: BatchNormalization, features: number): BatchNormalization {
  const ramp = (from: number, to: number) =>
    tf.tensor1d(Array.from({ length: features }, (_, i) => from + ((to - from) * i) / (features - 1)));
  const values = [ramp(0.5, 1.5), ...(layer.center ? [ramp(-0.2, 0.3)] : []), ramp(-0.5, 0.5), ramp(0.5, 2)];
  setWeights(layer, values);
  tf.dispose(values);
  return layer;
}

await describeBackends('BatchNormalization', () => {
  describe('NHWC, inference', () =>
    runLayerTest(() => withStatistics(new BatchNormalization({ inputShape: [null, 3, 3, 4], seed: 1 }), 4), {
      inputShape: [2, 3, 3, 4],
      expectedOutputShape: [2, 3, 3, 4],
    }));
  describe('axis 1, no center', () =>
    runLayerTest(
      () => withStatistics(new BatchNormalization({ axis: 1, center: false, inputShape: [null, 3, 2] }), 3),
      { inputShape: [4, 3, 2], expectedOutputShape: [4, 3, 2] },
    ));

  it('normalizes with batch statistics in training and moves the statistics', async () => {
    const layer = new BatchNormalization({ momentum: 0.9, epsilon: 1e-5, inputShape: [null, 2] });
    const x = tf.tensor2d([
      [1, 10],
      [3, 20],
      [5, 60],
    ]);
    const y = layer.apply(x, { training: true });
    // Column means 3 and 30, biased variances 8/3 and 1400/3.
    const expected = [
      [-2, -20],
      [0, -10],
      [2, 30],
    ].map((row) => row.map((v, j) => v / Math.sqrt((j === 0 ? 8 / 3 : 1400 / 3) + 1e-5)));
    await expectClose(y, expected, { atol: 1e-5, rtol: 1e-5 });
    const weights = getWeights(layer);
    const [, , mean, variance] = weights;
    await expectClose(mean!, [0.3, 3], { atol: 1e-6, rtol: 1e-6 });
    await expectClose(variance!, [0.9 + 0.1 * (8 / 3), 0.9 + 0.1 * (1400 / 3)], { atol: 1e-4, rtol: 1e-5 });
    // Inference uses the moving statistics.
    const z = layer.apply(x);
    const m = await mean!.data();
    const v = await variance!.data();
    await expectClose(
      z,
      [
        [1, 10],
        [3, 20],
        [5, 60],
      ].map((row) => row.map((value, j) => (value - m[j]!) / Math.sqrt(v[j]! + 1e-5))),
      { atol: 1e-5, rtol: 1e-5 },
    );
    tf.dispose([x, y, z, ...weights]);
    layer.dispose();
  });

  it('has correct training-mode gradients (through the batch statistics)', async () => {
    const layer = new BatchNormalization({ seed: 2, inputShape: [null, 3] });
    const gamma = tf.tensor1d([0.5, 1, 2]);
    const x = makeInput([5, 3]);
    const [g0, b0, m0, v0] = getWeights(layer);
    setWeights(layer, [gamma, b0!, m0!, v0!]);
    const analytic = await probe(layer, x, true);
    const numeric = await numericalGradients(layer, x, {
      eps: 1e-2,
      count: 8,
      training: true,
      outputSize: analytic.output.length,
    });
    const exact = [analytic.inputGradient!, ...analytic.weightGradients];
    for (const [k, { indices, values }] of numeric.entries()) {
      await expectClose(
        values,
        indices.map((i) => exact[k]![i]!),
        { atol: 1e-3, rtol: 1e-2 },
      );
    }
    tf.dispose([gamma, x, g0, b0, m0, v0]);
    layer.dispose();
  });
});

describe('BatchNormalization', () => {
  it('keeps the moving statistics as non-trainable weights, saved in Keras order', () => {
    const layer = new BatchNormalization({ name: 'bn', inputShape: [null, 4, 4, 8] });
    expect(layer.namedWeights.map((w) => [w.name, w.trainable])).toEqual([
      ['bn/gamma', true],
      ['bn/beta', true],
      ['bn/moving_mean', false],
      ['bn/moving_variance', false],
    ]);
    expect(layer.trainableWeights).toHaveLength(2);
    expect(layer.nonTrainableWeights).toHaveLength(2);
    expect(layer.countParams()).toBe(32);
    layer.dispose();
  });

  it('runs in inference mode when frozen, leaving the statistics alone', async () => {
    const layer = new BatchNormalization({ inputShape: [null, 2], trainable: false });
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const y = layer.apply(x, { training: true });
    await expectClose(y, tf.div(x, Math.sqrt(1 + 1e-3)) as tf.Tensor, { atol: 1e-6, rtol: 1e-6 });
    const weights = getWeights(layer);
    await expectClose(weights[2]!, [0, 0]);
    tf.dispose([x, y, ...weights]);
    layer.dispose();
  });

  it('rejects bad options and axes', () => {
    expect(() => new BatchNormalization({ momentum: 1 })).toThrow(ConfigError);
    expect(() => new BatchNormalization({ axis: 0 })).toThrow(ConfigError);
    expect(() => new BatchNormalization({ epsilon: 0 })).toThrow(ConfigError);
    expect(() => new BatchNormalization({ axis: 3, inputShape: [null, 2] }).built).toThrow(ShapeError);
    const clone = layerFromConfig('BatchNormalization', { momentum: 0.5, axis: 1 });
    expect(clone.getConfig()).toMatchObject({ momentum: 0.5, axis: 1, epsilon: 1e-3 });
  });
});
