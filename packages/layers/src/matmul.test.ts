import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { it } from 'vitest';
import { matMul } from './matmul.js';

await describeBackends('matMul', () => {
  it('equals tf.matMul with and without transposes, values and gradients, rank 2 and 3', async () => {
    for (const [shapeA, shapeB, ta, tb] of [
      [[3, 4], [4, 5], false, false],
      [[4, 3], [4, 5], true, false],
      [[3, 4], [5, 4], false, true],
      [[2, 4, 3], [2, 5, 4], true, true],
      [[2, 3, 4], [2, 4, 2], false, false],
    ] as const) {
      const a = tf.randomUniform([...shapeA], -1, 1, 'float32', 1);
      const b = tf.randomUniform([...shapeB], -1, 1, 'float32', 2);
      const ours = tf.grads((x, y) => tf.sum(tf.square(matMul(x, y, ta, tb))));
      const theirs = tf.grads((x, y) => tf.sum(tf.square(tf.matMul(x, y, ta, tb))));
      const [z1, z2] = [matMul(a, b, ta, tb), tf.matMul(a, b, ta, tb)];
      await expectClose(z1, z2, { atol: 1e-5, rtol: 1e-5 });
      const [g1, g2] = [ours([a, b]), theirs([a, b])];
      for (let i = 0; i < 2; i++) await expectClose(g1[i]!, g2[i]!, { atol: 1e-5, rtol: 1e-5 });
      tf.dispose([a, b, z1, z2, ...g1, ...g2]);
    }
  });
});
