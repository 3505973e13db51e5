import * as tf from '@tensorflow/tfjs-core';
import { Dense } from '@weft/layers';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { linearData, snapshot } from '../test/helpers.js';
import { type FitOptions, fit } from './fit.js';

const TOL = { atol: 1e-5, rtol: 1e-5 };

/** Gradient of mean((x·w + b − y)²) for a 2-input linear model, in float64. */
function mseGrad(x: number[][], y: number[][], w: number[], b: number, weights?: number[]) {
  const n = x.length;
  const g = [0, 0, 0];
  x.forEach(([x0, x1], i) => {
    const r =
      (x0 as number) * (w[0] as number) + (x1 as number) * (w[1] as number) + b - (y[i] as number[])[0]!;
    const s = ((weights?.[i] ?? 1) * 2 * r) / n;
    g[0]! += s * (x0 as number);
    g[1]! += s * (x1 as number);
    g[2]! += s;
  });
  return g;
}

/** One full-batch SGD epoch (lr 0.1, no shuffle) on a fresh Dense(1); returns initial and final weights. */
async function oneStep(x: number[][], y: number[][], options: Partial<FitOptions>) {
  const model = new Dense({ units: 1, inputShape: [null, 2], seed: 5 });
  const [w0, b0] = await snapshot(model);
  const xs = tf.tensor2d(x);
  const ys = tf.tensor2d(y);
  const history = await fit(
    model,
    { x: xs, y: ys },
    {
      loss: 'mse',
      optimizer: 'sgd',
      learningRate: 0.1,
      epochs: 1,
      batchSize: x.length,
      shuffle: false,
      verbose: 0,
      ...options,
    },
  );
  const [w1, b1] = await snapshot(model);
  tf.dispose([xs, ys]);
  model.dispose();
  return {
    w0: w0 as number[],
    b0: (b0 as number[])[0] as number,
    w1: w1 as number[],
    b1: (b1 as number[])[0] as number,
    history,
  };
}

await describeBackends('training step', () => {
  it('clipValue clips each gradient element before the update', async () => {
    const { x, y } = linearData(1, 8);
    const y5 = y.map(([v]) => [(v as number) * 5]);
    const { w0, b0, w1, b1 } = await oneStep(x, y5, { clipValue: 0.3 });
    const g = mseGrad(x, y5, w0, b0).map((v) => Math.max(-0.3, Math.min(0.3, v)));
    expect(g.some((v) => Math.abs(v) === 0.3)).toBe(true);
    const out = tf.tensor1d([...w1, b1]);
    await expectClose(out, [w0[0]! - 0.1 * g[0]!, w0[1]! - 0.1 * g[1]!, b0 - 0.1 * g[2]!], TOL);
    out.dispose();
  });

  it('clipNorm rescales all gradients together to the global norm', async () => {
    const { x, y } = linearData(1, 8);
    const y5 = y.map(([v]) => [(v as number) * 5]);
    const { w0, b0, w1, b1 } = await oneStep(x, y5, { clipNorm: 0.5 });
    const g = mseGrad(x, y5, w0, b0);
    const norm = Math.hypot(...g);
    expect(norm).toBeGreaterThan(0.5);
    const s = 0.5 / norm;
    const out = tf.tensor1d([...w1, b1]);
    await expectClose(out, [w0[0]! - 0.1 * s * g[0]!, w0[1]! - 0.1 * s * g[1]!, b0 - 0.1 * s * g[2]!], TOL);
    out.dispose();
  });

  it('accumulateSteps 2 on batches of 4 equals one step on batches of 8', async () => {
    const { x, y } = linearData(2, 8);
    const whole = await oneStep(x, y, { batchSize: 8 });
    const accumulated = await oneStep(x, y, { batchSize: 4, accumulateSteps: 2 });
    const a = tf.tensor1d([...accumulated.w1, accumulated.b1]);
    await expectClose(a, [...whole.w1, whole.b1], TOL);
    a.dispose();
  });

  it('sampleWeight and classWeight weigh the loss per row (Keras: Σ w·loss / n)', async () => {
    const { x, y } = linearData(3, 6);
    const weights = [0, 1, 2, 0.5, 1, 3];
    const sw = tf.tensor1d(weights);
    const { w0, b0, w1, b1, history } = await oneStep(x, y, { sampleWeight: sw });
    let expected = 0;
    x.forEach(([x0, x1], i) => {
      const r = (x0 as number) * w0[0]! + (x1 as number) * w0[1]! + b0 - (y[i] as number[])[0]!;
      expected += (weights[i] as number) * r * r;
    });
    expect(history.history.loss?.[0]).toBeCloseTo(expected / 6, 5);
    const g = mseGrad(x, y, w0, b0, weights);
    const out = tf.tensor1d([...w1, b1]);
    await expectClose(out, [w0[0]! - 0.1 * g[0]!, w0[1]! - 0.1 * g[1]!, b0 - 0.1 * g[2]!], TOL);
    tf.dispose([sw, out]);
    // Class weights are per-row weights looked up from the label.
    const labels = [[0], [1], [1], [0], [2], [1]];
    const perRow = tf.tensor1d(labels.map(([c]) => [1, 3, 0.5][c as number] as number));
    const byClass = await oneStep(x, labels, { classWeight: { 1: 3, 2: 0.5 } });
    const bySample = await oneStep(x, labels, { sampleWeight: perRow });
    expect(byClass.history.history.loss?.[0]).toBeCloseTo(bySample.history.history.loss?.[0] as number, 6);
    const c = tf.tensor1d([...byClass.w1, byClass.b1]);
    await expectClose(c, [...bySample.w1, bySample.b1], TOL);
    tf.dispose([perRow, c]);
  });

  it('a custom trainStep replaces the forward pass and loss', async () => {
    const { x, y } = linearData(4, 8);
    const viaMae = await oneStep(x, y, { loss: 'mae' });
    let calls = 0;
    const custom = await oneStep(x, y, {
      loss: 'mse',
      trainStep: ({ x: xb, y: yb }, { model }) => {
        calls += 1;
        return tf.mean(tf.abs(tf.sub(yb, model.apply(xb, { training: true })))) as tf.Scalar;
      },
    });
    expect(calls).toBe(1);
    expect(custom.history.history.loss?.[0]).toBeCloseTo(viaMae.history.history.loss?.[0] as number, 6);
    const c = tf.tensor1d([...custom.w1, custom.b1]);
    await expectClose(c, [...viaMae.w1, viaMae.b1], TOL);
    c.dispose();
  });

  it('ema averages the weights after every step; validation and the final model use the average', async () => {
    const { x, y } = linearData(5, 16);
    const model = new Dense({ units: 1, inputShape: [null, 2], seed: 5 });
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(y);
    const raw: number[][] = [];
    const history = await fit(
      model,
      { x: xs, y: ys },
      {
        loss: 'mse',
        optimizer: 'sgd',
        learningRate: 0.2,
        epochs: 3,
        batchSize: 8,
        shuffle: false,
        verbose: 0,
        ema: { decay: 0.5 },
        validationData: { x: xs, y: ys },
        callbacks: [
          {
            // Raw weights after each step, read in the test only (the trainer never reads per step).
            async onBatchEnd() {
              raw.push((await snapshot(model)).flat());
            },
          },
        ],
      },
    );
    expect(raw).toHaveLength(6);
    let avg = raw[0] as number[];
    for (const w of raw.slice(1)) avg = avg.map((a, i) => 0.5 * a + 0.5 * (w[i] as number));
    const final = tf.tensor1d((await snapshot(model)).flat());
    await expectClose(final, avg, TOL);
    // The last validation loss was measured on the averaged weights: the model now holds them.
    const out = model.apply(xs);
    const mse = tf.tidy(() => tf.mean(tf.squaredDifference(out, ys)));
    expect(history.last('valLoss')).toBeCloseTo((await mse.data())[0] as number, 5);
    tf.dispose([xs, ys, final, out, mse]);
    model.dispose();
  });
});
