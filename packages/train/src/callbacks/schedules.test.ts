import * as tf from '@tensorflow/tfjs-core';
import { Dense } from '@weft/layers';
import { describeBackends } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { fakeControl, linearData } from '../../test/helpers.js';
import { fit } from '../fit.js';
import { learningRateScheduler } from './learning-rate-scheduler.js';
import { reduceLROnPlateau } from './reduce-lr-on-plateau.js';
import { cosineDecay, exponentialDecay, stepDecay, warmupCosine } from './schedules.js';

describe('schedules', () => {
  it('give the hand-computed rates', () => {
    const step = stepDecay({ initial: 1, factor: 0.5, every: 3 });
    expect([0, 2, 3, 5, 6].map(step)).toEqual([1, 1, 0.5, 0.5, 0.25]);
    const exp = exponentialDecay({ initial: 2, rate: 0.5, steps: 10 });
    expect(exp(10)).toBeCloseTo(1, 12);
    expect(exp(5)).toBeCloseTo(2 * Math.SQRT1_2, 12);
    expect(exponentialDecay({ initial: 2, rate: 0.5, steps: 10, staircase: true })(19)).toBe(1);
    const cos = cosineDecay({ initial: 1, steps: 10, minimum: 0.1 });
    expect([0, 5, 10, 20].map(cos)).toEqual([1, 0.55, 0.1, 0.1].map((v) => expect.closeTo(v, 12)));
    const warm = warmupCosine({ peak: 1, warmup: 4, steps: 14 });
    expect([0, 2, 4, 9, 14].map(warm)).toEqual([0, 0.5, 1, 0.5, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('reject bad options', () => {
    expect(() => stepDecay({ initial: 1, every: 0 })).toThrow(/every must be a positive number/);
    expect(() => warmupCosine({ peak: 1, warmup: 10, steps: 10 })).toThrow(/warmup must be shorter/);
  });
});

describe('reduceLROnPlateau', () => {
  it('follows Keras’ rule: patience, factor, cooldown and a floor', () => {
    const callback = reduceLROnPlateau({
      monitor: 'loss',
      patience: 2,
      factor: 0.5,
      cooldown: 1,
      minLearningRate: 0.02,
    });
    const { control, state } = fakeControl({ learningRate: 0.1 });
    const rates: number[] = [];
    for (const [epoch, loss] of [1, 0.9, 0.95, 0.93, 0.92, 0.91, 0.95, 0.95, 0.95, 0.95].entries()) {
      const logs: Record<string, number> = { loss };
      callback.onEpochEnd?.(epoch, logs, control);
      rates.push(logs.learningRate as number);
    }
    // No improvement at 2, 3 → halve at 3. Epoch 4 ends the cooldown and counts (Keras does both
    // in one epoch), 5 counts → 0.025; 6, 7 → 0.0125, floored to 0.02; at 9 the floor holds.
    expect(state.learningRate).toBe(0.02);
    expect(rates).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02]);
  });
});

await describeBackends(
  'learningRateScheduler',
  () => {
    it('sets the rate per epoch or per step and logs it', async () => {
      const { x, y } = linearData(1, 16);
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y);
      const seen: number[] = [];
      const model = new Dense({ units: 1, inputShape: [null, 2], seed: 1 });
      const run = (per: 'epoch' | 'step') =>
        fit(
          model,
          { x: xs, y: ys },
          {
            loss: 'mse',
            optimizer: 'sgd',
            epochs: 3,
            batchSize: 8,
            verbose: 0,
            callbacks: [
              learningRateScheduler(stepDecay({ initial: 0.4, factor: 0.5, every: 1 }), { per }),
              { onBatchEnd: (_s, _i, control) => void seen.push(control.learningRate) },
            ],
          },
        );
      const byEpoch = await run('epoch');
      expect(byEpoch.history.learningRate).toEqual([0.4, 0.2, 0.1]);
      expect(seen.splice(0)).toEqual([0.4, 0.4, 0.2, 0.2, 0.1, 0.1]);
      const byStep = await run('step');
      expect(seen).toEqual([0.4, 0.2, 0.1, 0.05, 0.025, 0.0125]);
      expect(byStep.history.learningRate).toEqual([0.2, 0.05, 0.0125]);
      tf.dispose([xs, ys]);
      model.dispose();
    });

    it('a reduced rate really drives the SGD step', async () => {
      const xs = tf.tensor2d([[1, 0]]);
      const ys = tf.tensor2d([[1]]);
      const model = new Dense({ units: 1, inputShape: [null, 2], kernelInitializer: 'zeros' });
      await fit(
        model,
        { x: xs, y: ys },
        {
          loss: 'mse',
          optimizer: 'sgd',
          learningRate: 1,
          epochs: 1,
          verbose: 0,
          callbacks: [learningRateScheduler(() => 0.25)],
        },
      );
      // gradient of (w·x + b − 1)² at 0 is −2 for w0 and b: 0.25·2 = 0.5.
      expect(Array.from(await (model.weights[0] as tf.Variable).data())).toEqual([0.5, 0]);
      tf.dispose([xs, ys]);
      model.dispose();
    });
  },
  { only: ['cpu'] },
);
