import * as tf from '@tensorflow/tfjs-core';
import { mlp } from '@weft/models';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { predict } from './predict.js';

await describeBackends('predict and evaluate', () => {
  it('predicts in batches exactly what one forward pass gives', async () => {
    const model = mlp({ inputs: 3, hidden: [5], outputs: 2, seed: 4 });
    const x = tf.randomNormal([23, 3], 0, 1, 'float32', 9);
    const whole = model.apply(x);
    const batched = await predict(model, x, { batchSize: 5 });
    expect(batched.shape).toEqual([23, 2]);
    await expectClose(batched, whole, { atol: 1e-6, rtol: 1e-6 });
    tf.dispose([x, whole, batched]);
    model.dispose();
  });

  it('evaluates the mean loss over all rows, weighting the last short batch', async () => {
    const model = mlp({ inputs: 2, hidden: [3], outputs: 1, seed: 4 });
    const x = tf.randomNormal([10, 2], 0, 1, 'float32', 1);
    const y = tf.randomNormal([10, 1], 0, 1, 'float32', 2);
    const out = model.apply(x);
    const mse = tf.tidy(() => tf.mean(tf.squaredDifference(out, y)));
    const expected = (await mse.data())[0] as number;
    mse.dispose();
    const { loss } = await evaluate(model, { x, y }, { loss: 'mse', batchSize: 3 });
    expect(loss).toBeCloseTo(expected, 5);
    tf.dispose([x, y, out]);
    model.dispose();
  });

  it('rejects a bad batch size', async () => {
    const model = mlp({ inputs: 2, hidden: [3], outputs: 1, seed: 4 });
    const x = tf.zeros([2, 2]);
    await expect(predict(model, x, { batchSize: 0 })).rejects.toMatchObject({ code: 'CONFIG_ERROR' });
    x.dispose();
    model.dispose();
  });
});
