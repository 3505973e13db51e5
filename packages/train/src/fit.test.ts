import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { Dense, sequential } from '@weft/layers';
import { mlp } from '@weft/models';
import { describeBackends, expectClose } from '@weft/testing';
import * as aq from 'arquero';
import { expect, it } from 'vitest';
import { fit } from './fit.js';

/** y = 2·x0 − x1 + 0.5 + small noise, 64 rows. */
function linearData(seed = 3, n = 64): { x: number[][]; y: number[][] } {
  const rng = new Rng(seed);
  const x = Array.from({ length: n }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
  const y = x.map(([a, b]) => [2 * (a as number) - (b as number) + 0.5 + rng.normal(0, 0.01)]);
  return { x, y };
}

await describeBackends('fit', () => {
  it('one full-batch SGD epoch equals a hand-computed gradient step', async () => {
    // Linear model, MSE, lr 0.1, no shuffle, batch = n: W ← W − lr·(2/n)·Xᵀ(XW + b − y).
    const { x, y } = linearData(1, 8);
    const model = new Dense({ units: 1, inputShape: [null, 2], seed: 5 });
    const [w0, b0] = await Promise.all(model.weights.map(async (v) => Array.from(await v.data())));
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    await fit(
      model,
      { x: xs, y: ys },
      {
        loss: 'mse',
        optimizer: 'sgd',
        learningRate: 0.1,
        epochs: 1,
        batchSize: 8,
        shuffle: false,
        verbose: 0,
      },
    );
    const gradW = [0, 0];
    let gradB = 0;
    for (let i = 0; i < 8; i++) {
      const r =
        (x[i] as number[])[0]! * w0![0]! +
        (x[i] as number[])[1]! * w0![1]! +
        b0![0]! -
        (y[i] as number[])[0]!;
      gradW[0]! += (2 / 8) * r * (x[i] as number[])[0]!;
      gradW[1]! += (2 / 8) * r * (x[i] as number[])[1]!;
      gradB += (2 / 8) * r;
    }
    await expectClose(
      model.weights[0] as tf.Tensor,
      [[w0![0]! - 0.1 * gradW[0]!], [w0![1]! - 0.1 * gradW[1]!]],
      {
        atol: 1e-6,
        rtol: 1e-5,
      },
    );
    await expectClose(model.weights[1] as tf.Tensor, [b0![0]! - 0.1 * gradB], { atol: 1e-6, rtol: 1e-5 });
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('learns a linear function and records loss and valLoss per epoch', async () => {
    const { x, y } = linearData();
    const model = mlp({ inputs: 2, hidden: [8], outputs: 1, seed: 2 });
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const history = await fit(
      model,
      { x: xs, y: ys },
      {
        loss: 'mse',
        optimizer: 'adam',
        learningRate: 0.05,
        epochs: 30,
        batchSize: 16,
        validationSplit: 0.25,
        verbose: 0,
      },
    );
    const loss = history.history.loss as number[];
    expect(loss).toHaveLength(30);
    expect(history.history.valLoss).toHaveLength(30);
    expect(loss[29]).toBeLessThan((loss[0] as number) / 10);
    expect(history.last('valLoss')).toBeLessThan(0.05);
    expect(history.trainSeconds).toBeGreaterThan(0);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('gives the same history for the same seed, and another for another seed', async () => {
    const { x, y } = linearData();
    const run = async (seed: number) => {
      const model = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 7 });
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y);
      const h = await fit(
        model,
        { x: xs, y: ys },
        { loss: 'mse', optimizer: 'sgd', epochs: 3, batchSize: 8, seed, verbose: 0 },
      );
      tf.dispose([xs, ys]);
      model.dispose();
      return h.history.loss;
    };
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(await run(2)).not.toEqual(a);
  });

  it('trains from an arquero table with feature and target names', async () => {
    const { x, y } = linearData();
    const table = aq.table({ a: x.map((r) => r[0]), b: x.map((r) => r[1]), target: y.map((r) => r[0]) });
    const model = sequential([new Dense({ units: 1 })], { inputShape: [null, 2], seed: 1 });
    const history = await fit(
      model,
      { table, features: ['a', 'b'], target: 'target' },
      {
        loss: 'mae',
        optimizer: 'adam',
        learningRate: 0.1,
        epochs: 20,
        batchSize: 16,
        verbose: 0,
      },
    );
    expect(history.last('loss')).toBeLessThan((history.history.loss?.[0] as number) / 3);
    model.dispose();
  });

  it('stops after the current step when the signal aborts, leaving weights usable', async () => {
    const { x, y } = linearData();
    const model = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 1 });
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const controller = new AbortController();
    const history = await fit(
      model,
      { x: xs, y: ys },
      {
        loss: 'mse',
        epochs: 50,
        batchSize: 8,
        verbose: 0,
        signal: controller.signal,
        callbacks: [{ onEpochEnd: (epoch) => (epoch === 1 ? controller.abort() : undefined) }],
      },
    );
    expect(history.epoch).toEqual([0, 1]);
    expect(history.stopReason).toBe('aborted');
    const out = model.apply(xs);
    expect(Array.from(await out.data()).every(Number.isFinite)).toBe(true);
    tf.dispose([xs, ys, out]);
    model.dispose();
  });

  it('stops with a reason when the loss is not finite', async () => {
    const model = new Dense({ units: 1, inputShape: [null, 1], seed: 1 });
    const xs = tf.tensor2d([[1], [2]]);
    const ys = tf.tensor2d([[Number.NaN], [1]]);
    const history = await fit(model, { x: xs, y: ys }, { loss: 'mse', epochs: 5, batchSize: 2, verbose: 0 });
    expect(history.epoch).toHaveLength(1);
    expect(history.stopReason).toMatch(/loss became NaN/);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('rejects mismatched data and options with typed errors, creating nothing', async () => {
    const model = new Dense({ units: 1, inputShape: [null, 2], seed: 1 });
    const xs = tf.zeros([4, 2]);
    const ys = tf.zeros([3, 1]);
    const y2 = tf.zeros([4, 2]);
    const y1 = tf.zeros([4, 1]);
    await expect(fit(model, { x: xs, y: ys }, { loss: 'mse', verbose: 0 })).rejects.toMatchObject({
      code: 'SHAPE_ERROR',
    });
    await expect(fit(model, { x: xs, y: y2 }, { loss: 'mse', verbose: 0 })).rejects.toThrow(
      /output does not match the targets/,
    );
    await expect(fit(model, { x: xs, y: y1 }, { loss: 'mse', epochs: 0 })).rejects.toMatchObject({
      code: 'CONFIG_ERROR',
    });
    await expect(fit(model, { x: xs, y: y1 }, { loss: 'mse', validationSplit: 1.5 })).rejects.toMatchObject({
      code: 'CONFIG_ERROR',
    });
    await expect(fit(model, { x: xs, y: y1 }, { loss: 'msee' as 'mse' })).rejects.toThrow(
      /Did you mean "mse"/,
    );
    model.trainable = false;
    await expect(fit(model, { x: xs, y: y1 }, { loss: 'mse', verbose: 0 })).rejects.toThrow(
      /no trainable weights/,
    );
    tf.dispose([xs, ys, y2, y1]);
    model.dispose();
  });
});
