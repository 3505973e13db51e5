import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { checkFunctional, checkLossCase, lossCases } from '../../test/loss-cases.js';
import { HuberLoss, huberLoss } from './huber.js';
import { MeanAbsoluteErrorLoss, meanAbsoluteErrorLoss } from './mean-absolute-error.js';
import { MeanSquaredErrorLoss, meanSquaredErrorLoss } from './mean-squared-error.js';

await describeBackends('regression losses', () => {
  it('huber matches PyTorch HuberLoss (values, weights, gradients) for delta 1 and 0.5', async () => {
    for (const c of lossCases('huber')) {
      await checkLossCase(c, new HuberLoss(c.options));
      await checkFunctional(c, (t, p) => huberLoss(t, p, c.options));
    }
  });

  it('huber is ½d² inside delta and linear outside (hand values)', async () => {
    const loss = new HuberLoss({ delta: 2 });
    const y = tf.zeros([3, 1]);
    const p = tf.tensor2d([[1], [3], [-5]]);
    const out = loss.perSample(y, p);
    // ½·1² = 0.5; 2·(3 − 1) = 4; 2·(5 − 1) = 8
    await expectClose(out, [0.5, 4, 8], { atol: 1e-6, rtol: 0 });
    tf.dispose([y, p, out]);
  });

  it('mse and mae match PyTorch', async () => {
    for (const c of lossCases('mse')) {
      await checkLossCase(c, new MeanSquaredErrorLoss());
      await checkFunctional(c, meanSquaredErrorLoss);
    }
    for (const c of lossCases('mae')) {
      await checkLossCase(c, new MeanAbsoluteErrorLoss());
      await checkFunctional(c, meanAbsoluteErrorLoss);
    }
  });

  it('rejects a delta that is not positive', () => {
    expect(() => new HuberLoss({ delta: 0 })).toThrow(/delta must be a positive/);
  });
});
