import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { Conv2D } from './conv2d.js';
import { Dense } from './dense.js';
import { Flatten } from './flatten.js';
import { layerFromConfig } from './registry.js';
import { checkRegularizer } from './regularizers.js';
import { sequential } from './sequential.js';

const values = async (t: tf.Tensor) => Array.from((await t.data()) as Float32Array);
const sumSquares = async (t: tf.Tensor) => (await values(t)).reduce((a, v) => a + v * v, 0);
const sumAbs = async (t: tf.Tensor) => (await values(t)).reduce((a, v) => a + Math.abs(v), 0);

await describeBackends('regularizationLoss', () => {
  it('sums l2·Σw² and l1·Σ|w| over the regularized kernels of a model', async () => {
    const model = sequential(
      [
        new Conv2D({ filters: 2, kernelSize: 2, kernelRegularizer: { l2: 0.01 } }),
        new Flatten(),
        new Dense({ units: 3, kernelRegularizer: { l1: 0.1, l2: 0.5 } }),
        new Dense({ units: 1 }),
      ],
      { seed: 1, inputShape: [null, 3, 3, 1] },
    );
    const [conv, , hidden] = model.layers;
    const convKernel = conv!.weights[0]!;
    const hiddenKernel = hidden!.weights[0]!;
    const expected =
      0.01 * (await sumSquares(convKernel)) +
      0.1 * (await sumAbs(hiddenKernel)) +
      0.5 * (await sumSquares(hiddenKernel));
    const loss = model.regularizationLoss()!;
    expect(loss.shape).toEqual([]);
    await expectClose(loss, expected, { atol: 1e-6, rtol: 1e-5 });
    // Its gradient reaches the kernels: d(0.01·Σw²)/dw = 0.02·w.
    const { value, grads } = tf.variableGrads(() => model.regularizationLoss()!, [convKernel]);
    const twice = tf.mul(convKernel, 0.02);
    await expectClose(grads[convKernel.name]!, twice, { atol: 1e-7, rtol: 1e-6 });
    // Frozen layers add nothing.
    hidden!.trainable = false;
    const frozen = model.regularizationLoss()!;
    await expectClose(frozen, 0.01 * (await sumSquares(convKernel)), { atol: 1e-6, rtol: 1e-5 });
    tf.dispose([loss, value, grads, frozen, twice]);
    model.dispose();
  });

  it('is null without regularizers', () => {
    const layer = new Dense({ units: 2, inputShape: [null, 2] });
    expect(layer.regularizationLoss()).toBeNull();
    layer.dispose();
  });
});

describe('kernelRegularizer', () => {
  it('round-trips through the config', () => {
    const layer = new Dense({ units: 2, kernelRegularizer: { l2: 1e-4 } });
    expect(layer.getConfig().kernelRegularizer).toEqual({ l2: 1e-4 });
    const clone = layerFromConfig('Dense', layer.getConfig()) as Dense;
    expect(clone.kernelRegularizer).toEqual({ l2: 1e-4 });
    expect(new Dense({ units: 1 }).getConfig()).not.toHaveProperty('kernelRegularizer');
  });

  it('rejects malformed penalties', () => {
    for (const bad of [{}, { l2: -1 }, { l3: 1 }, { l2: '0.1' }, 0.1]) {
      expect(() => checkRegularizer('Dense.constructor', 'kernelRegularizer', bad)).toThrow(ConfigError);
    }
    expect(() => new Dense({ units: 1, kernelRegularizer: { l2: Number.NaN } })).toThrow(/kernelRegularizer/);
  });
});
