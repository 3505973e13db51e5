import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { checkFunctional, checkLossCase, lossCases } from '../../test/loss-cases.js';
import { BinaryCrossentropyLoss, binaryCrossentropyLoss } from './binary-crossentropy.js';

await describeBackends('binaryCrossentropy', () => {
  it('matches PyTorch BCELoss and BCEWithLogitsLoss (values, weights, gradients)', async () => {
    const cases = lossCases('binaryCrossentropy');
    expect(cases.map((c) => c.options.fromLogits ?? false)).toEqual([false, true]);
    for (const c of cases) {
      await checkLossCase(c, new BinaryCrossentropyLoss(c.options));
      await checkFunctional(c, (t, p) => binaryCrossentropyLoss(t, p, c.options));
    }
  });

  it('stays finite for saturated probabilities and huge logits', async () => {
    const y = tf.tensor2d([[1], [0]]);
    const probs = tf.tensor2d([[0], [1]]);
    const logits = tf.tensor2d([[-1000], [1000]]);
    const fromProbs = new BinaryCrossentropyLoss().perSample(y, probs);
    const fromLogits = new BinaryCrossentropyLoss({ fromLogits: true }).perSample(y, logits);
    // Keras clips to [1e-7, 1 − 1e-7]; in float32 1 − 1e-7 rounds to 1 − 2⁻²³, hence 15.94.
    const high = -Math.log(1 - Math.fround(1 - 1e-7));
    await expectClose(fromProbs, [-Math.log(1e-7), high], { atol: 1e-3, rtol: 0 });
    // The logits form is exact: 1000.
    await expectClose(fromLogits, [1000, 1000], { atol: 1e-3, rtol: 0 });
    tf.dispose([y, probs, logits, fromProbs, fromLogits]);
  });

  it('shows metrics probabilities when trained on logits', async () => {
    const z = tf.tensor2d([[0], [2]]);
    const p = new BinaryCrossentropyLoss({ fromLogits: true }).toPrediction(z);
    await expectClose(p, [[0.5], [1 / (1 + Math.exp(-2))]], { atol: 1e-6, rtol: 0 });
    tf.dispose([z, p]);
  });
});
