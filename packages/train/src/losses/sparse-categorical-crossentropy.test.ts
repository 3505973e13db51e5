import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { checkFunctional, checkLossCase, lossCases } from '../../test/loss-cases.js';
import {
  SparseCategoricalCrossentropyLoss,
  sparseCategoricalCrossentropyLoss,
} from './sparse-categorical-crossentropy.js';

await describeBackends('sparseCategoricalCrossentropy', () => {
  it('matches PyTorch NLLLoss and CrossEntropyLoss on int32 labels', async () => {
    for (const c of lossCases('sparseCategoricalCrossentropy')) {
      await checkLossCase(c, new SparseCategoricalCrossentropyLoss(c.options), true);
      await checkFunctional(c, (t, p) => sparseCategoricalCrossentropyLoss(t, p, c.options), true);
    }
  });

  it('accepts [n, 1] float labels holding integers', async () => {
    const [c] = lossCases('sparseCategoricalCrossentropy');
    const y = tf.tensor2d((c!.yTrue as number[]).map((v) => [v]));
    const p = tf.tensor2d(c!.yPred);
    const out = new SparseCategoricalCrossentropyLoss().perSample(y, p);
    await expectClose(out, c!.perSample, { atol: 1e-5, rtol: 1e-4 });
    tf.dispose([y, p, out]);
  });

  it('rejects labels outside [0, classes) and non-integers with a typed error', async () => {
    const loss = new SparseCategoricalCrossentropyLoss();
    const bad = tf.tensor1d([0, 3, 4], 'int32');
    const fractional = tf.tensor1d([0, 1.5]);
    await expect(loss.checkTargets(bad, [null, 4], 'fit')).rejects.toMatchObject({
      code: 'VALUE_ERROR',
      message: expect.stringMatching(/label 4 at position 2 .*from 0 to 3/),
    });
    await expect(loss.checkTargets(fractional, [null, 4], 'fit')).rejects.toThrow(/label 1.5/);
    const good = tf.tensor1d([0, 3], 'int32');
    await expect(loss.checkTargets(good, [null, 4], 'fit')).resolves.toBeUndefined();
    tf.dispose([bad, fractional, good]);
  });

  it('checks label shapes against the output', () => {
    const loss = new SparseCategoricalCrossentropyLoss();
    expect(() => loss.checkShapes([8], [null, 3], 'fit')).not.toThrow();
    expect(() => loss.checkShapes([8, 1], [null, 3], 'fit')).not.toThrow();
    expect(() => loss.checkShapes([8, 3], [null, 3], 'fit')).toThrow(/use categoricalCrossentropy/);
  });
});
