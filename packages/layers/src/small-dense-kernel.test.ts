import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it, vi } from 'vitest';
import { activate } from './activations.js';
import { SMALL_DENSE_MAX_MACS, smallDense, takesSmallDense } from './small-dense-kernel.js';

const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh'] as const;

function random(rng: Rng, shape: number[]): tf.Tensor {
  return tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);
}

/** The op-by-op layer: what every other backend runs. */
function reference(
  x: tf.Tensor,
  w: tf.Tensor,
  b: tf.Tensor | null,
  activation: (typeof ACTIVATIONS)[number],
) {
  const z = tf.matMul(x, w);
  return activate(activation, b ? tf.add(z, b) : z);
}

await describeBackends(
  'small Dense kernels',
  () => {
    for (const activation of ACTIVATIONS) {
      for (const withBias of [true, false]) {
        it(`${activation}${withBias ? '' : ', no bias'}: value and gradients match the ops`, async () => {
          const rng = new Rng(3);
          const [x, w, b, dy] = [
            random(rng, [10, 3]),
            random(rng, [3, 7]),
            withBias ? random(rng, [7]) : null,
            random(rng, [10, 7]),
          ];
          expect(takesSmallDense(x, w as tf.Tensor, activation)).toBe(true);
          const fused = (xs: tf.Tensor, ws: tf.Tensor, bs?: tf.Tensor) =>
            tf.sum(tf.mul(smallDense(xs, ws, bs ?? null, activation), dy as tf.Tensor));
          const ops = (xs: tf.Tensor, ws: tf.Tensor, bs?: tf.Tensor) =>
            tf.sum(tf.mul(reference(xs, ws, bs ?? null, activation), dy as tf.Tensor));
          const inputs = (withBias ? [x, w, b] : [x, w]) as tf.Tensor[];
          const [y1, y2, ...grads] = tf.tidy(() => [
            smallDense(x as tf.Tensor, w as tf.Tensor, b, activation),
            reference(x as tf.Tensor, w as tf.Tensor, b, activation),
            ...tf.grads(fused as (...t: tf.Tensor[]) => tf.Tensor)(inputs),
            ...tf.grads(ops as (...t: tf.Tensor[]) => tf.Tensor)(inputs),
          ]);
          await expectClose(y1 as tf.Tensor, y2 as tf.Tensor, { rtol: 1e-5, atol: 1e-6 });
          const got = grads.slice(0, inputs.length);
          const want = grads.slice(inputs.length);
          for (let i = 0; i < got.length; i++) {
            expect(got[i]?.shape).toEqual(inputs[i]?.shape);
            await expectClose(got[i] as tf.Tensor, want[i] as tf.Tensor, { rtol: 1e-4, atol: 1e-5 });
          }
          tf.dispose([...grads, y1 as tf.Tensor, y2 as tf.Tensor, ...inputs, dy as tf.Tensor]);
        });
      }
    }

    it('runs two kernels per layer and step, not the op chain', () => {
      const rng = new Rng(4);
      const x = random(rng, [8, 4]);
      const [w, b] = tf.tidy(() => [tf.variable(random(rng, [4, 5])), tf.variable(random(rng, [5]))]);
      const spy = vi.spyOn(tf.engine(), 'runKernel');
      const { value, grads } = tf.variableGrads(() => tf.sum(smallDense(x, w, b, 'relu')) as tf.Scalar);
      const names = spy.mock.calls.map(([name]) => name);
      spy.mockRestore();
      expect(names.filter((n) => n.startsWith('WeftSmallDense'))).toEqual([
        'WeftSmallDenseForward',
        'WeftSmallDenseBackward',
      ]);
      expect(names).not.toContain('BatchMatMul');
      tf.dispose([x, w, b, value, ...Object.values(grads)]);
    });

    it('leaves larger products, other activations and other ranks to the ops', () => {
      const x = tf.zeros([64, 64]);
      const w = tf.zeros([64, 64]);
      expect(64 * 64 * 64).toBeGreaterThan(SMALL_DENSE_MAX_MACS);
      expect(takesSmallDense(x, w, 'relu')).toBe(false);
      const small = tf.zeros([2, 3]);
      const sw = tf.zeros([3, 2]);
      expect(takesSmallDense(small, sw, 'softmax')).toBe(false);
      const rank3 = tf.zeros([2, 2, 3]);
      expect(takesSmallDense(rank3, sw, 'relu')).toBe(false);
      tf.dispose([x, w, small, sw, rank3]);
    });
  },
  { only: ['cpu', 'wasm'] },
);

await describeBackends(
  'small Dense kernels elsewhere',
  () => {
    it('are not taken on backends that keep their data on a device', () => {
      const x = tf.zeros([2, 3]);
      const w = tf.zeros([3, 2]);
      expect(takesSmallDense(x, w, 'relu')).toBe(false);
      tf.dispose([x, w]);
    });
  },
  { only: ['webgpu'] },
);
