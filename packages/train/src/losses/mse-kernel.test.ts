import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it, vi } from 'vitest';
import { MeanSquaredErrorLoss } from './mean-squared-error.js';
import { squaredErrorRows, takesSquaredErrorRows } from './mse-kernel.js';

function random(rng: Rng, shape: number[]): tf.Tensor {
  return tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);
}

await describeBackends(
  'fused per-row squared error',
  () => {
    for (const shape of [
      [10, 1],
      [7, 3],
    ]) {
      it(`[${shape}]: value and both gradients match the ops`, async () => {
        const rng = new Rng(9);
        const [t, p, w] = [random(rng, shape), random(rng, shape), random(rng, [shape[0] as number])];
        expect(takesSquaredErrorRows(t, p)).toBe(true);
        const ops = (a: tf.Tensor, b: tf.Tensor) => tf.mean(tf.squaredDifference(a, b), 1);
        const [v1, v2, ...grads] = tf.tidy(() => [
          squaredErrorRows(t, p),
          ops(t, p),
          ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(squaredErrorRows(a, b), w)))([t, p]),
          ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(ops(a, b), w)))([t, p]),
        ]);
        expect(v1?.shape).toEqual([shape[0]]);
        await expectClose(v1 as tf.Tensor, v2 as tf.Tensor, { rtol: 1e-5, atol: 1e-6 });
        await expectClose(grads[0] as tf.Tensor, grads[2] as tf.Tensor, { rtol: 1e-5, atol: 1e-6 });
        await expectClose(grads[1] as tf.Tensor, grads[3] as tf.Tensor, { rtol: 1e-5, atol: 1e-6 });
        tf.dispose([t, p, w, v1 as tf.Tensor, v2 as tf.Tensor, ...grads]);
      });
    }

    it("the 'mse' loss uses it: one kernel each way", () => {
      const rng = new Rng(2);
      const t = random(rng, [5, 2]);
      const p = tf.tidy(() => tf.variable(random(rng, [5, 2])));
      const spy = vi.spyOn(tf.engine(), 'runKernel');
      const { value, grads } = tf.variableGrads(
        () => tf.mean(new MeanSquaredErrorLoss().perSample(t, p)) as tf.Scalar,
      );
      const names = spy.mock.calls.map(([name]) => name);
      spy.mockRestore();
      expect(names.filter((n) => n.startsWith('WeftSquaredError'))).toEqual([
        'WeftSquaredErrorRows',
        'WeftSquaredErrorRowsGrad',
      ]);
      expect(names).not.toContain('SquaredDifference');
      tf.dispose([t, p, value, ...Object.values(grads)]);
    });

    it('leaves broadcasting, other ranks and integer targets to the ops', () => {
      const a = tf.zeros([4, 2]);
      const row = tf.zeros([1, 2]);
      const flat = tf.zeros([4]);
      const ints = tf.zeros([4, 2], 'int32');
      expect(takesSquaredErrorRows(a, row)).toBe(false);
      expect(takesSquaredErrorRows(flat, flat)).toBe(false);
      expect(takesSquaredErrorRows(ints, a)).toBe(false);
      tf.dispose([a, row, flat, ints]);
    });
  },
  { only: ['cpu', 'wasm'] },
);
