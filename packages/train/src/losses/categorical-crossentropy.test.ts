import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { checkFunctional, checkLossCase, lossCases } from '../../test/loss-cases.js';
import { CategoricalCrossentropyLoss, categoricalCrossentropyLoss } from './categorical-crossentropy.js';

await describeBackends('categoricalCrossentropy', () => {
  it('matches PyTorch for one-hot and soft targets, probabilities and logits', async () => {
    const cases = lossCases('categoricalCrossentropy');
    expect(cases).toHaveLength(3);
    for (const c of cases) {
      await checkLossCase(c, new CategoricalCrossentropyLoss(c.options));
      await checkFunctional(c, (t, p) => categoricalCrossentropyLoss(t, p, c.options));
    }
  });

  it('is −log p of the true class for one-hot targets (hand value)', async () => {
    const y = tf.tensor2d([[0, 1, 0]]);
    const p = tf.tensor2d([[0.2, 0.5, 0.3]]);
    const out = new CategoricalCrossentropyLoss().perSample(y, p);
    await expectClose(out, [-Math.log(0.5)], { atol: 1e-6, rtol: 0 });
    tf.dispose([y, p, out]);
  });
});
