import * as tf from '@tensorflow/tfjs-core';
import { mlp } from '@weft/models';
import { describeBackends } from '@weft/testing';
import { expect, it } from 'vitest';
import { fakeControl, linearData, snapshot } from '../../test/helpers.js';
import { fit } from '../fit.js';
import { earlyStopping } from './early-stopping.js';

/** Feeds a sequence of monitored values; returns the epoch index at which it asked to stop. */
function stopsAt(values: number[], options: Parameters<typeof earlyStopping>[0]): number | null {
  const callback = earlyStopping(options);
  const { control, state } = fakeControl();
  callback.onTrainBegin?.(control);
  for (const [epoch, value] of values.entries()) {
    callback.onEpochEnd?.(epoch, { loss: 0, [options?.monitor ?? 'valLoss']: value }, control);
    if (state.stopped) return epoch;
  }
  return null;
}

await describeBackends(
  'earlyStopping',
  () => {
    it('stops after `patience` epochs without improvement (Keras’ rule), honouring minDelta and mode', () => {
      expect(stopsAt([1, 0.5, 0.6, 0.55, 0.7], { patience: 2 })).toBe(3);
      expect(stopsAt([1, 0.5, 0.6, 0.4, 0.45, 0.46], { patience: 2 })).toBe(5);
      expect(stopsAt([1, 0.5, 0.6], { patience: 0 })).toBe(2);
      expect(stopsAt([1, 0.95, 0.9, 0.85], { patience: 2, minDelta: 0.1 })).toBe(2);
      expect(stopsAt([0.5, 0.6, 0.7, 0.65, 0.6], { monitor: 'valAccuracy', patience: 2 })).toBe(4);
      expect(stopsAt([0.5, 0.4, 0.3], { monitor: 'valAccuracy', mode: 'min', patience: 1 })).toBeNull();
    });

    it('names the missing monitor and how to get it', () => {
      const callback = earlyStopping({ monitor: 'valAccuracy' });
      const { control } = fakeControl();
      expect(() => callback.onEpochEnd?.(0, { loss: 1 }, control)).toThrow(
        /"valAccuracy" is not in the epoch logs.*Pass validationData/,
      );
    });

    it('restores the best epoch’s weights at the end of fit', async () => {
      const { x, y } = linearData(2, 32);
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y);
      const model = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 1 });
      const score = [3, 1, 2, 2.5, 2.7];
      const perEpoch: number[][][] = [];
      const history = await fit(
        model,
        { x: xs, y: ys },
        {
          loss: 'mse',
          optimizer: 'sgd',
          epochs: 10,
          verbose: 0,
          callbacks: [
            {
              order: -1,
              onEpochEnd: (epoch, logs) => {
                logs.score = score[epoch] as number;
              },
            },
            { onEpochEnd: async () => void perEpoch.push(await snapshot(model)) },
            earlyStopping({ monitor: 'score', mode: 'min', patience: 3, restoreBestWeights: true }),
          ],
        },
      );
      expect(history.epoch).toEqual([0, 1, 2, 3, 4]);
      expect(history.stopReason).toMatch(
        /early stopping: score did not improve for 3 epoch\(s\) \(best 1 at epoch 2\)/,
      );
      expect(await snapshot(model)).toEqual(perEpoch[1]);
      tf.dispose([xs, ys]);
      model.dispose();
    });
  },
  { only: ['cpu'] },
);
