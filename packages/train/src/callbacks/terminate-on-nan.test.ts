import * as tf from '@tensorflow/tfjs-core';
import { Dense } from '@weft/layers';
import { describeBackends } from '@weft/testing';
import { expect, it } from 'vitest';
import { linearData, snapshot } from '../../test/helpers.js';
import { fit } from '../fit.js';
import { terminateOnNaN } from './terminate-on-nan.js';

await describeBackends(
  'terminateOnNaN',
  () => {
    /** Trains until the 6th step, whose loss is NaN (so are the weights after it). */
    const run = async (options: Parameters<typeof terminateOnNaN>[0]) => {
      const { x, y } = linearData(1, 16);
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y);
      const model = new Dense({ units: 1, inputShape: [null, 2], seed: 1 });
      let steps = 0;
      let atEpochStart: number[][] = [];
      const history = await fit(
        model,
        { x: xs, y: ys },
        {
          loss: 'mse',
          optimizer: 'sgd',
          epochs: 5,
          batchSize: 4,
          shuffle: false,
          verbose: 0,
          trainStep: ({ x: xb, y: yb }, { model: m, loss }) => {
            steps += 1;
            const l = loss(yb, m.apply(xb, { training: true }));
            return steps === 6 ? (tf.mul(l, Number.NaN) as tf.Scalar) : l;
          },
          callbacks: [
            {
              onEpochBegin: async () => {
                atEpochStart = await snapshot(model);
              },
            },
            terminateOnNaN(options),
          ],
        },
      );
      const weights = await snapshot(model);
      tf.dispose([xs, ys]);
      model.dispose();
      return { history, steps, weights, atEpochStart };
    };

    it('stops at the epoch end by default and restores the epoch’s starting weights', async () => {
      const { history, steps, weights, atEpochStart } = await run({});
      expect(history.epoch).toEqual([0, 1]);
      expect(steps).toBe(8);
      expect(history.stopReason).toMatch(
        /the loss became NaN at epoch 2; the weights from the start of that epoch were restored/,
      );
      expect(weights).toEqual(atEpochStart);
      expect(weights.flat().every(Number.isFinite)).toBe(true);
    });

    it('checks every N steps when asked, stopping mid-epoch', async () => {
      const { history, steps, weights } = await run({ everySteps: 1 });
      expect(steps).toBe(6);
      expect(history.stopReason).toMatch(/at step 2 of epoch 2/);
      expect(weights.flat().every(Number.isFinite)).toBe(true);
      const kept = await run({ everySteps: 1, restore: false });
      expect(kept.weights.flat().some(Number.isNaN)).toBe(true);
    });
  },
  { only: ['cpu'] },
);
