import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it, vi } from 'vitest';
import { BinaryCrossentropyLoss } from './binary-crossentropy.js';
import { CategoricalCrossentropyLoss, categoricalRows } from './categorical-crossentropy.js';
import { MeanSquaredErrorLoss } from './mean-squared-error.js';
import { EPSILON } from './options.js';
import { takesRowLoss } from './row-loss-kernel.js';
import type { Loss } from './types.js';

/** Each loss, its kernel, and how to draw targets and predictions (probabilities where needed). */
const CASES: {
  name: string;
  loss: () => Loss;
  kernel: string;
  draw: (rng: Rng, n: number, u: number) => [Float32Array, Float32Array];
}[] = [
  {
    name: 'mse',
    loss: () => new MeanSquaredErrorLoss(),
    kernel: 'WeftSquaredErrorRows',
    draw: (rng, n, u) => [rng.fillNormal(new Float32Array(n * u)), rng.fillNormal(new Float32Array(n * u))],
  },
  {
    name: 'categorical cross-entropy',
    loss: () => new CategoricalCrossentropyLoss(),
    kernel: 'WeftCategoricalCrossentropyRows',
    draw: (rng, n, u) => {
      const t = new Float32Array(n * u);
      const p = new Float32Array(n * u);
      for (let i = 0; i < n; i++) {
        t[i * u + rng.int(u)] = 1;
        let sum = 0;
        for (let j = 0; j < u; j++) sum += p[i * u + j] = rng.float() + 1e-3;
        for (let j = 0; j < u; j++) p[i * u + j] = (p[i * u + j] as number) / sum;
      }
      // A saturated row: probabilities 1 and 0 sit outside the clip range (no gradient there).
      p.fill(0, 0, u);
      p[(t.subarray(0, u).indexOf(1) + 1) % u] = 1;
      return [t, p];
    },
  },
  {
    name: 'binary cross-entropy',
    loss: () => new BinaryCrossentropyLoss(),
    kernel: 'WeftBinaryCrossentropyRows',
    draw: (rng, n, u) => {
      const t = Float32Array.from({ length: n * u }, () => rng.int(2));
      const p = Float32Array.from({ length: n * u }, () => rng.float());
      p[0] = 0; // clipped: no gradient
      p[1] = 1;
      return [t, p];
    },
  },
];

/** Each loss's op path (what GPU backends run), written out with tfjs ops. */
const OPS: Record<string, (t: tf.Tensor, p: tf.Tensor) => tf.Tensor> = {
  mse: (t, p) => tf.mean(tf.squaredDifference(t, p), 1),
  'categorical cross-entropy': (t, p) => categoricalRows(t, p, false),
  'binary cross-entropy': (t, p) => {
    const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
    return tf.mean(tf.neg(tf.add(tf.mul(t, tf.log(q)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, q))))), 1);
  },
};

await describeBackends(
  'fused per-row losses',
  () => {
    for (const { name, loss, kernel, draw } of CASES) {
      for (const [n, u] of [
        [10, 1],
        [6, 4],
      ] as const) {
        it(`${name} [${n}, ${u}]: value and both gradients match the ops; one kernel each way`, async () => {
          const rng = new Rng(u * 10 + n);
          const [tv, pv] = draw(rng, n, u);
          const t = tf.tensor2d(tv, [n, u]);
          const p = tf.tensor2d(pv, [n, u]);
          const w = tf.tensor1d(rng.fillNormal(new Float32Array(n)));
          expect(takesRowLoss(t, p)).toBe(true);
          const fusedFn = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(loss().perSample(a, b), w));
          const spy = vi.spyOn(tf.engine(), 'runKernel');
          const [fusedValue, ...fusedGrads] = tf.tidy(() => [
            loss().perSample(t, p),
            ...tf.grads(fusedFn)([t, p]),
          ]);
          const names = spy.mock.calls.map(([k]) => k);
          spy.mockRestore();
          expect(names.filter((k) => k.startsWith(kernel))).toEqual([kernel, kernel, `${kernel}Grad`]);
          const ops = OPS[name] as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
          const [opValue, ...opGrads] = tf.tidy(() => [
            ops(t, p),
            ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(ops(a, b), w)))([t, p]),
          ]);
          expect(fusedValue?.shape).toEqual([n]);
          await expectClose(fusedValue as tf.Tensor, opValue as tf.Tensor, { rtol: 1e-5, atol: 1e-5 });
          await expectClose(fusedGrads[0] as tf.Tensor, opGrads[0] as tf.Tensor, { rtol: 1e-4, atol: 1e-5 });
          await expectClose(fusedGrads[1] as tf.Tensor, opGrads[1] as tf.Tensor, { rtol: 1e-4, atol: 1e-5 });
          tf.dispose([t, p, w, fusedValue as tf.Tensor, opValue as tf.Tensor, ...fusedGrads, ...opGrads]);
        });
      }
    }

    it('leaves broadcasting, other ranks, integer targets and logits to the ops', () => {
      const a = tf.zeros([4, 2]);
      const row = tf.zeros([1, 2]);
      const flat = tf.zeros([4]);
      const ints = tf.zeros([4, 2], 'int32');
      expect(takesRowLoss(a, row)).toBe(false);
      expect(takesRowLoss(flat, flat)).toBe(false);
      expect(takesRowLoss(ints, a)).toBe(false);
      const spy = vi.spyOn(tf.engine(), 'runKernel');
      tf.tidy(() => new CategoricalCrossentropyLoss({ fromLogits: true }).perSample(a, a)).dispose();
      expect(spy.mock.calls.some(([k]) => k.startsWith('Weft'))).toBe(false);
      spy.mockRestore();
      tf.dispose([a, row, flat, ints]);
    });
  },
  { only: ['cpu', 'wasm'] },
);
