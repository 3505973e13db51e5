import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadModel } from '@weft/layers';
import { mlp } from '@weft/models';
import { describeBackends } from '@weft/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { linearData, weightValues } from '../test/helpers.js';
import { earlyStopping } from './callbacks/early-stopping.js';
import { learningRateScheduler } from './callbacks/learning-rate-scheduler.js';
import { modelCheckpoint } from './callbacks/model-checkpoint.js';
import { reduceLROnPlateau } from './callbacks/reduce-lr-on-plateau.js';
import { cosineDecay } from './callbacks/schedules.js';
import { loadWeights } from './checkpoint.js';
import { type FitOptions, fit } from './fit.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'weft-train-ckpt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

await describeBackends('checkpoints and resumption', ({ backend }) => {
  const { x, y } = linearData(7, 48);
  /** State that resumption must carry: shuffling, AdamW moments, EMA, metrics, callback counters. */
  const options = (epochs: number, callbacks: NonNullable<FitOptions['callbacks']>): FitOptions => ({
    loss: 'huber',
    optimizer: 'adamw',
    learningRate: 0.05,
    epochs,
    batchSize: 10,
    seed: 11,
    metrics: ['mae'],
    validationSplit: 0.25,
    ema: { decay: 0.8 },
    verbose: 0,
    callbacks,
  });
  const variants = {
    // minDelta 1 makes the plateau rule fire every other epoch, so the rate itself must be restored.
    plateau: () => [
      reduceLROnPlateau({ patience: 1, factor: 0.5, minDelta: 1 }),
      earlyStopping({ patience: 10 }),
    ],
    schedule: () => [learningRateScheduler(cosineDecay({ initial: 0.05, steps: 16 }), { per: 'step' })],
  };

  for (const [name, callbacks] of Object.entries(variants)) {
    it(`2 epochs + resume 2 gives exactly the weights and history of 4 uninterrupted epochs (${name})`, async () => {
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y);
      const whole = mlp({ inputs: 2, hidden: [6], outputs: 1, seed: 3 });
      const a = await fit(whole, { x: xs, y: ys }, options(4, callbacks()));
      const rates = a.history.learningRate as number[];
      expect(new Set(rates).size).toBeGreaterThan(1);

      const dir = join(root, `${backend}-${name}`);
      const first = mlp({ inputs: 2, hidden: [6], outputs: 1, seed: 3 });
      await fit(first, { x: xs, y: ys }, options(2, [...callbacks(), modelCheckpoint({ dir })]));
      const resumed = mlp({ inputs: 2, hidden: [6], outputs: 1, seed: 99 });
      const b = await fit(
        resumed,
        { x: xs, y: ys },
        { ...options(4, callbacks()), resumeFrom: join(dir, 'last') },
      );

      expect(b.epoch).toEqual([0, 1, 2, 3]);
      expect(b.history).toEqual(a.history);
      expect(await weightValues(resumed)).toEqual(await weightValues(whole));
      tf.dispose([xs, ys]);
      for (const m of [whole, first, resumed]) m.dispose();
    });
  }

  it('writes best and last in the native format, atomically, loadable by loadModel and loadWeights', async () => {
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const dir = join(root, `${backend}-files`);
    const model = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 1 });
    await fit(model, { x: xs, y: ys }, options(3, [modelCheckpoint({ dir })]));
    expect((await readdir(dir)).sort()).toEqual(['best', 'last']);
    expect((await readdir(join(dir, 'last'))).sort()).toEqual([
      'ema.safetensors',
      'optimizer.safetensors',
      'trainer.json',
      'weft.json',
      'weights.safetensors',
    ]);
    const { model: loaded } = await loadModel(join(dir, 'last'));
    expect(loaded.countParams()).toBe(model.countParams());
    const target = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 5 });
    await loadWeights(target, join(dir, 'last'));
    expect(await weightValues(target)).toEqual(await weightValues(loaded));
    const wrong = mlp({ inputs: 2, hidden: [5], outputs: 1, seed: 5 });
    await expect(loadWeights(wrong, join(dir, 'last'))).rejects.toMatchObject({ code: 'SHAPE_ERROR' });
    await expect(
      fit(wrong, { x: xs, y: ys }, { ...options(4, []), optimizer: 'sgd', resumeFrom: join(dir, 'last') }),
    ).rejects.toThrow(/another optimizer/);
    tf.dispose([xs, ys]);
    for (const m of [model, loaded, target, wrong]) m.dispose();
  });
});
