import * as tf from '@tensorflow/tfjs-core';
import { batches } from '@weft/data';
import { MeanAbsoluteError } from '@weft/metrics';
import { mlp } from '@weft/models';
import { describeBackends } from '@weft/testing';
import { expect, it } from 'vitest';
import { linearData, snapshot } from '../test/helpers.js';
import { earlyStopping } from './callbacks/early-stopping.js';
import { terminateOnNaN } from './callbacks/terminate-on-nan.js';
import { evaluate } from './evaluate.js';
import { fit } from './fit.js';
import { predict } from './predict.js';

// Every test here runs under the leak guard of describeBackends: the live-tensor count must be
// the same before and after, on cpu, wasm and webgpu, also when fit is aborted or throws.
await describeBackends('no tensor leaks', () => {
  const { x, y } = linearData(9, 30);

  it('fit with every feature on, then evaluate and predict', async () => {
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const sw = tf.ones([30]);
    const model = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 1 });
    const history = await fit(
      model,
      { x: xs, y: ys },
      {
        loss: 'huber',
        optimizer: 'adamw',
        epochs: 2,
        batchSize: 8,
        metrics: ['mae', 'rmse', new MeanAbsoluteError()],
        validationSplit: 0.2,
        sampleWeight: sw,
        clipNorm: 1,
        clipValue: 0.5,
        accumulateSteps: 2,
        ema: { decay: 0.9 },
        verbose: 0,
        callbacks: [
          earlyStopping({ restoreBestWeights: true, patience: 5 }),
          terminateOnNaN({ everySteps: 2 }),
        ],
      },
    );
    expect(history.epoch).toEqual([0, 1]);
    const scores = await evaluate(model, { x: xs, y: ys }, { loss: 'mse', metrics: ['mae'], batchSize: 7 });
    expect(Number.isFinite(scores.mae)).toBe(true);
    const out = await predict(model, xs, { batchSize: 7 });
    tf.dispose([xs, ys, sw, out]);
    model.dispose();
  });

  it('fit on a stream with a tfjs optimizer the caller owns', async () => {
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const model = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 1 });
    const optimizer = tf.train.adam(0.01);
    await fit(model, batches({ x: xs, y: ys }, { batchSize: 8 }), {
      loss: 'mse',
      optimizer,
      epochs: 2,
      metrics: ['mse'],
      validationData: batches({ x: xs, y: ys }, { batchSize: 16 }),
      verbose: 0,
    });
    optimizer.dispose();
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('an abort mid-epoch leaves usable weights; an error thrown by a callback frees everything', async () => {
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const model = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 1 });
    const controller = new AbortController();
    const history = await fit(
      model,
      { x: xs, y: ys },
      {
        loss: 'mse',
        epochs: 3,
        batchSize: 4,
        accumulateSteps: 3,
        metrics: ['mae'],
        verbose: 0,
        signal: controller.signal,
        callbacks: [
          { onBatchEnd: (step, info) => (info.epoch === 1 && step === 1 ? controller.abort() : undefined) },
        ],
      },
    );
    expect(history.stopReason).toBe('aborted');
    expect(history.epoch).toEqual([0, 1]);
    expect((await snapshot(model)).flat().every(Number.isFinite)).toBe(true);
    await expect(
      fit(
        model,
        { x: xs, y: ys },
        {
          loss: 'mse',
          epochs: 2,
          batchSize: 8,
          accumulateSteps: 4,
          metrics: ['mae'],
          ema: { decay: 0.5 },
          verbose: 0,
          callbacks: [
            {
              onBatchEnd: (step) => {
                if (step === 2) throw new Error('callback failed');
              },
            },
          ],
        },
      ),
    ).rejects.toThrow('callback failed');
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
