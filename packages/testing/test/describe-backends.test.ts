import * as tf from '@tensorflow/tfjs-core';
import { currentBackend } from '@weft/core';
import { expect, it } from 'vitest';
import { describeBackends, expectClose, expectNoLeaks, TensorLeakError } from '../src/index.js';

await describeBackends('describeBackends', ({ backend }) => {
  it('activates the backend it names', () => {
    expect(currentBackend()).toBe(backend);
  });

  it('computes on that backend', async () => {
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    await expectClose(y, [[11]]);
    tf.dispose(y);
  });

  it('expectNoLeaks catches a leaked tensor', async () => {
    let leaked: tf.Tensor | undefined;
    await expect(
      expectNoLeaks(() => {
        leaked = tf.ones([2]);
      }),
    ).rejects.toBeInstanceOf(TensorLeakError);
    leaked?.dispose();
  });
});
