import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Dense, Dropout, type Layer, loadModel, sequential } from '@weft/layers';
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
  const small = (seed: number): Layer => mlp({ inputs: 2, hidden: [6], outputs: 1, seed });
  /** Dropout draws masks from a stream of its own, which the checkpoint must carry too. */
  const withDropout = (seed: number): Layer =>
    sequential(
      [new Dense({ units: 8, activation: 'relu' }), new Dropout({ rate: 0.3 }), new Dense({ units: 1 })],
      { seed, inputShape: [null, 2] },
    );
  const variants = {
    // minDelta 1 makes the plateau rule fire every other epoch, so the rate itself must be restored.
    plateau: {
      model: small,
      callbacks: () => [
        reduceLROnPlateau({ patience: 1, factor: 0.5, minDelta: 1 }),
        earlyStopping({ patience: 10 }),
      ],
      // Another seed: the resumed weights can only come from the checkpoint.
      resumeSeed: 99,
    },
    schedule: {
      model: small,
      callbacks: () => [learningRateScheduler(cosineDecay({ initial: 0.05, steps: 16 }), { per: 'step' })],
      resumeSeed: 99,
    },
    // Dropout streams are checked against the layers' seeds, so the resumed model has the same seed
    // (its fresh weights are the initial ones, not the trained ones the checkpoint holds).
    dropout: {
      model: withDropout,
      callbacks: () => [learningRateScheduler(cosineDecay({ initial: 0.05, steps: 16 }), { per: 'step' })],
      resumeSeed: 3,
    },
  };

  for (const [name, variant] of Object.entries(variants)) {
    it(`2 epochs + resume 2 gives exactly the weights and history of 4 uninterrupted epochs (${name})`, async () => {
      const { model, callbacks, resumeSeed } = variant;
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y);
      const whole = model(3);
      const a = await fit(whole, { x: xs, y: ys }, options(4, callbacks()));
      const rates = a.history.learningRate as number[];
      expect(new Set(rates).size).toBeGreaterThan(1);

      const dir = join(root, `${backend}-${name}`);
      const first = model(3);
      await fit(first, { x: xs, y: ys }, options(2, [...callbacks(), modelCheckpoint({ dir })]));
      const resumed = model(resumeSeed);
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

  it('resuming a Dropout model restores its mask stream, and refuses one with other seeds', async () => {
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const dir = join(root, `${backend}-dropout-seeds`);
    const first = withDropout(3);
    await fit(first, { x: xs, y: ys }, options(1, [modelCheckpoint({ dir })]));
    const trainer = JSON.parse(await readFile(join(dir, 'last', 'trainer.json'), 'utf8'));
    expect(trainer.layerRandom).toEqual(first.getRandomState());
    const keys = Object.keys(first.getRandomState());
    expect(keys).toHaveLength(1);
    // Without the stream the masks would start over: the saved one has moved on.
    const fresh = withDropout(3);
    expect(fresh.getRandomState()[keys[0] as string]).not.toEqual(trainer.layerRandom[keys[0] as string]);
    const other = withDropout(4);
    await expect(
      fit(other, { x: xs, y: ys }, { ...options(2, []), resumeFrom: join(dir, 'last') }),
    ).rejects.toMatchObject({ code: 'FORMAT_ERROR', message: expect.stringMatching(/another seed/) });
    tf.dispose([xs, ys]);
    for (const m of [first, fresh, other]) m.dispose();
  });

  it("earlyStopping's restored best weights are the same with and without an interruption", async () => {
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    // mode 'max' on a falling loss makes epoch 1 the best: saved before the interruption, restored after.
    const stopper = () => [
      earlyStopping({ monitor: 'loss', mode: 'max', patience: 10, restoreBestWeights: true }),
    ];
    // Without weight averaging, so the best epoch's weights are plain training weights.
    const run = (epochs: number, callbacks: NonNullable<FitOptions['callbacks']>): FitOptions => ({
      ...options(epochs, callbacks),
      ema: undefined,
    });
    const whole = small(3);
    const a = await fit(whole, { x: xs, y: ys }, run(4, stopper()));
    const losses = a.history.loss as number[];
    expect(losses.slice(1).every((l) => l < (losses[0] as number))).toBe(true);

    const dir = join(root, `${backend}-best-weights`);
    const first = small(3);
    await fit(first, { x: xs, y: ys }, run(2, [...stopper(), modelCheckpoint({ dir })]));
    expect(await readdir(join(dir, 'last'))).toContain('callbacks.safetensors');
    const resumed = small(99);
    const b = await fit(resumed, { x: xs, y: ys }, { ...run(4, stopper()), resumeFrom: join(dir, 'last') });
    expect(b.history).toEqual(a.history);
    expect(await weightValues(resumed)).toEqual(await weightValues(whole));
    // The best epoch's weights are those after 1 epoch, not the last ones.
    const once = small(3);
    await fit(once, { x: xs, y: ys }, run(1, []));
    expect(await weightValues(whole)).toEqual(await weightValues(once));
    tf.dispose([xs, ys]);
    for (const m of [whole, first, resumed, once]) m.dispose();
  });

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
