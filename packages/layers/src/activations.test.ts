import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { ACTIVATION_NAMES, type ActivationName, activate } from './activations.js';

const xs = [-3, -1, -0.25, 0, 0.5, 2];
const erf = (x: number) => {
  // Abramowitz–Stegun 7.1.26 is too coarse for 1e-6; integrate the series instead.
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
};
const reference: Record<Exclude<ActivationName, 'softmax'>, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(0, x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  leakyRelu: (x) => (x > 0 ? x : 0.2 * x),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
};

await describeBackends('activations', () => {
  it('match their definitions, values and derivatives', async () => {
    const x = tf.tensor1d(xs);
    for (const [name, f] of Object.entries(reference) as [ActivationName, (x: number) => number][]) {
      const y = activate(name, x);
      await expectClose(y, xs.map(f), { atol: 1e-6, rtol: 1e-5 });
      if (y !== x) y.dispose();
      // Central differences in float64 against tfjs' gradient (no point sits on relu's kink except 0,
      // where tfjs and Keras take 0 and the difference quotient ½; skip it).
      const g = tf.grad((t) => tf.sum(activate(name, t)))(x);
      const h = 1e-4;
      const numeric = xs.map((v) =>
        v === 0 && name.includes('elu') ? Number.NaN : (f(v + h) - f(v - h)) / (2 * h),
      );
      const values = await g.data();
      numeric.forEach((n, i) => {
        if (!Number.isNaN(n)) expect(values[i]).toBeCloseTo(n, 3);
      });
      g.dispose();
    }
    x.dispose();
  });

  it('softmax runs over the last axis', async () => {
    const x = tf.tensor2d([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    const y = activate('softmax', x);
    const e = [1, 2, 3].map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    await expectClose(y, [e.map((v) => v / s), [1 / 3, 1 / 3, 1 / 3]], { atol: 1e-6, rtol: 1e-5 });
    tf.dispose([x, y]);
  });
});

it('lists every activation', () => {
  expect([...ACTIVATION_NAMES].sort()).toEqual(
    ['gelu', 'leakyRelu', 'linear', 'relu', 'sigmoid', 'softmax', 'tanh'].sort(),
  );
});
