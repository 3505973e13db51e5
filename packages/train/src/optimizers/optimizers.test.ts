import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { Adam, AdamW } from './adamw.js';
import type { WeftOptimizer } from './base.js';
import { Momentum } from './momentum.js';
import { getLearningRate, resolveOptimizer, setLearningRate } from './resolve.js';
import { RMSProp } from './rmsprop.js';
import { SGD } from './sgd.js';

interface Run {
  optimizer: string;
  options: Record<string, number>;
  steps: { kernel: number[][]; bias: number[] }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/optimizers.json', import.meta.url), 'utf8'),
) as { x: number[][]; y: number[][]; kernel: number[][]; bias: number[]; runs: Run[] };

const MAKERS: Record<string, (o: Record<string, number>) => WeftOptimizer> = {
  sgd: (o) => new SGD(o),
  momentum: (o) => new Momentum(o),
  adam: (o) => new Adam(o),
  adamw: (o) => new AdamW(o),
  rmsprop: (o) => new RMSProp(o),
};

/** Five full-batch steps of MSE on a linear model, compared after every step with PyTorch 1.13. */
async function replay(run: Run): Promise<void> {
  const x = tf.tensor2d(fixture.x);
  const y = tf.tensor2d(fixture.y);
  const [kernel, bias] = tf.tidy(() => [
    tf.variable(tf.tensor2d(fixture.kernel)),
    tf.variable(tf.tensor1d(fixture.bias)),
  ]);
  const optimizer = MAKERS[run.optimizer]!(run.options);
  for (const expected of run.steps) {
    const cost = optimizer.minimize(
      () => tf.mean(tf.squaredDifference(tf.add(tf.matMul(x, kernel), bias), y)),
      true,
      [kernel, bias],
    );
    cost?.dispose();
    // float32 against float64 over 5 steps.
    await expectClose(kernel, expected.kernel, { atol: 1e-5, rtol: 1e-4 });
    await expectClose(bias, expected.bias, { atol: 1e-5, rtol: 1e-4 });
  }
  expect(optimizer.iterations).toBe(run.steps.length);
  optimizer.dispose();
  tf.dispose([x, y, kernel, bias]);
}

await describeBackends('optimizers', () => {
  for (const name of ['sgd', 'momentum', 'adam', 'adamw', 'rmsprop']) {
    it(`${name} follows torch.optim step by step`, async () => {
      const runs = fixture.runs.filter((r) => r.optimizer === name);
      expect(runs.length).toBeGreaterThan(0);
      for (const run of runs) await replay(run);
    });
  }

  it('keeps state per variable: a weight joining later gets fresh moments, not another one’s', async () => {
    const [a, b] = tf.tidy(() => [tf.variable(tf.tensor1d([1, 2])), tf.variable(tf.tensor1d([3, 4]))]);
    const adam = new Adam({ learningRate: 0.1 });
    const loss = () => tf.add(tf.sum(tf.square(a)), tf.sum(tf.square(b))) as tf.Scalar;
    // Step 1 trains only a; step 2 lists b first. A position-keyed optimizer (tfjs') would give
    // b the moments of a; here b starts from zero moments at global step 2.
    adam.minimize(loss, false, [a]);
    adam.minimize(loss, false, [b, a]);
    const expected = [3, 4].map((w) => {
      const g = 2 * w;
      const mHat = (0.1 * g) / (1 - 0.9 ** 2);
      const vHat = (0.001 * g * g) / (1 - 0.999 ** 2);
      return w - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-7);
    });
    await expectClose(b, expected, { atol: 1e-5, rtol: 1e-5 });
    adam.dispose();
    tf.dispose([a, b]);
  });

  it('round-trips its state through getWeights/setWeights and continues identically', async () => {
    const start = [0.5, -1, 2];
    const w1 = tf.tidy(() => tf.variable(tf.tensor1d(start)));
    const opt1 = new AdamW({ learningRate: 0.05 });
    const f = (w: tf.Variable) => () => tf.sum(tf.pow(tf.sub(w, 1), 4)) as tf.Scalar;
    for (let i = 0; i < 3; i++) opt1.minimize(f(w1), false, [w1]);
    const state = await opt1.getWeights();
    const w2 = tf.variable(w1);
    const opt2 = new AdamW({ learningRate: 0.05 });
    await opt2.setWeights(state.map((s) => ({ ...s, name: s.name.replace(w1.name, w2.name) })));
    state[0]?.tensor.dispose();
    for (let i = 0; i < 3; i++) {
      opt1.minimize(f(w1), false, [w1]);
      opt2.minimize(f(w2), false, [w2]);
    }
    expect(Array.from(await w2.data())).toEqual(Array.from(await w1.data()));
    opt1.dispose();
    opt2.dispose();
    tf.dispose([w1, w2]);
  });

  it('resolves names with Keras default rates and sets learning rates on Weft and tfjs optimizers', () => {
    const adamw = resolveOptimizer('adamw');
    expect(adamw).toBeInstanceOf(AdamW);
    expect(getLearningRate(adamw)).toBe(0.001);
    setLearningRate(adamw, 0.5);
    expect(getLearningRate(adamw)).toBe(0.5);
    const tfSgd = tf.train.sgd(0.1);
    setLearningRate(tfSgd, 0.2);
    expect(getLearningRate(tfSgd)).toBe(0.2);
    const tfAdam = tf.train.adam(0.1);
    setLearningRate(tfAdam, 0.3);
    expect(getLearningRate(tfAdam)).toBe(0.3);
    expect(() => setLearningRate(adamw, -1)).toThrow(/positive finite/);
    expect(() => resolveOptimizer('adamx' as 'adam')).toThrow(/unknown optimizer/);
    expect(() => new AdamW({ weightDecay: -1 })).toThrow(/weightDecay/);
    tfSgd.dispose();
    tfAdam.dispose();
    adamw.dispose();
  });
});
