import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError, useBackend } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dFilterGradient, conv2dInputGradient } from './conv-utils.js';
import { Conv2D } from './conv2d.js';
import { runLayerTest } from './testing/index.js';
import { setWeights } from './weights.js';

await describeBackends('Conv2D', () => {
  describe('valid, stride 1, relu-free', () =>
    runLayerTest(() => new Conv2D({ filters: 3, kernelSize: 3, activation: 'tanh', seed: 1 }), {
      inputShape: [2, 5, 5, 2],
      expectedOutputShape: [2, 3, 3, 3],
    }));
  describe('same, stride 2, rectangular kernel', () =>
    runLayerTest(() => new Conv2D({ filters: 2, kernelSize: [2, 3], strides: 2, padding: 'same', seed: 2 }), {
      inputShape: [2, 5, 6, 3],
      expectedOutputShape: [2, 3, 3, 2],
    }));
  describe('valid, stride 2 with a remainder', () =>
    runLayerTest(() => new Conv2D({ filters: 2, kernelSize: 2, strides: [2, 3], useBias: false, seed: 3 }), {
      inputShape: [1, 6, 7, 1],
      expectedOutputShape: [1, 3, 2, 2],
    }));

  describe('dilated, same', () =>
    runLayerTest(
      () => new Conv2D({ filters: 2, kernelSize: 3, dilationRate: [2, 1], padding: 'same', seed: 4 }),
      {
        inputShape: [2, 6, 5, 2],
        expectedOutputShape: [2, 6, 5, 2],
      },
    ));
  describe('dilated and strided (tfjs alone refuses both)', () =>
    runLayerTest(() => new Conv2D({ filters: 2, kernelSize: 2, dilationRate: 2, strides: 2, seed: 5 }), {
      inputShape: [1, 7, 7, 1],
      expectedOutputShape: [1, 3, 3, 2],
    }));

  it('computes a known convolution', async () => {
    const layer = new Conv2D({ filters: 1, kernelSize: 2, inputShape: [null, 3, 3, 1] });
    const kernel = tf.tensor4d([1, 0, 0, 1], [2, 2, 1, 1]);
    const bias = tf.tensor1d([0.5]);
    setWeights(layer, [kernel, bias]);
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = layer.apply(x);
    await expectClose(y, [6.5, 8.5, 12.5, 14.5]);
    tf.dispose([kernel, bias, x, y]);
    layer.dispose();
  });
});

describe('conv2dFilterGradient', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  it("matches tfjs' Conv2DBackpropFilter on the cpu backend", async () => {
    for (const [strides, padding] of [
      [[1, 1], 'valid'],
      [[2, 2], 'same'],
      [[2, 3], 'valid'],
      [[3, 2], 'same'],
    ] as const) {
      const x = tf.randomUniform([2, 7, 8, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
      const shape: [number, number, number, number] = [3, 2, 3, 4];
      const dyShape = tf.conv2d(x, tf.zeros(shape) as tf.Tensor4D, [...strides], padding).shape;
      const dy = tf.randomUniform(dyShape, -1, 1, 'float32', 2) as tf.Tensor4D;
      const ours = conv2dFilterGradient(x, dy, shape, [...strides], padding);
      // tfjs' own gradient of conv2d w.r.t. the filter runs the Conv2DBackpropFilter kernel.
      const reference = tf.grad((w) =>
        tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, [...strides], padding), dy)),
      )(tf.zeros(shape));
      await expectClose(ours, reference, { atol: 1e-5, rtol: 1e-5 });
      tf.dispose([x, dy, ours, reference]);
      expect(tf.getBackend()).toBe('cpu');
    }
  });
});

describe('conv2dInputGradient', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  it("matches tfjs' conv2dTranspose (Conv2DBackpropInput) for strides, paddings and remainders", async () => {
    for (const [size, strides, padding] of [
      [[7, 8], [1, 1], 'valid'],
      [[7, 8], [1, 1], 'same'],
      [[7, 8], [2, 2], 'same'],
      [[8, 7], [2, 3], 'valid'],
      [[9, 6], [3, 2], 'same'],
    ] as const) {
      const x = tf.randomUniform([2, ...size, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
      const kernel = tf.randomUniform([3, 2, 3, 4], -1, 1, 'float32', 2) as tf.Tensor4D;
      const dyShape = tf.conv2d(x, kernel, [...strides], padding).shape;
      const dy = tf.randomUniform(dyShape, -1, 1, 'float32', 3) as tf.Tensor4D;
      const ours = conv2dInputGradient(dy, kernel, x.shape, [...strides], padding);
      const reference = tf.conv2dTranspose(dy, kernel, x.shape, [...strides], padding);
      await expectClose(ours, reference, { atol: 1e-5, rtol: 1e-5 });
      tf.dispose([x, kernel, dy, ours, reference]);
    }
  });
});

describe('dilated Conv2D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  it("equals tfjs' dilated conv2d in the forward pass", async () => {
    for (const padding of ['valid', 'same'] as const) {
      const layer = new Conv2D({ filters: 3, kernelSize: [3, 2], dilationRate: [2, 3], padding, seed: 1 });
      const x = tf.randomUniform([2, 9, 8, 2], -1, 1, 'float32', 3) as tf.Tensor4D;
      const y = layer.apply(x);
      const [kernel, bias] = layer.weights as unknown as [tf.Tensor4D, tf.Tensor1D];
      const reference = tf.add(tf.conv2d(x, kernel, 1, padding, 'NHWC', [2, 3]), bias);
      expect(y.shape).toEqual(layer.computeOutputShape(x.shape));
      await expectClose(y, reference, { atol: 1e-5, rtol: 1e-5 });
      tf.dispose([x, y, reference]);
      layer.dispose();
    }
  });
});

describe('Conv2D', () => {
  it('rejects bad options and inputs', () => {
    expect(() => new Conv2D({ filters: 2, kernelSize: 0 })).toThrow(ConfigError);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, padding: 'full' as never })).toThrow(ConfigError);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, inputShape: [null, 2, 2, 1] }).built).toThrow(
      ShapeError,
    );
    const layer = new Conv2D({ filters: 2, kernelSize: 3, inputShape: [null, 8, 8, 3] });
    const x = tf.zeros([1, 8, 8, 1]);
    expect(() => layer.apply(x)).toThrow(ShapeError);
    x.dispose();
    layer.dispose();
  });

  it('uses HWIO kernels and accepts other spatial sizes later', () => {
    const layer = new Conv2D({ filters: 4, kernelSize: [3, 2], inputShape: [null, 8, 8, 3] });
    expect(layer.weights.map((w) => w.shape)).toEqual([[3, 2, 3, 4], [4]]);
    const x = tf.zeros([1, 10, 6, 3]);
    const y = layer.apply(x);
    expect(y.shape).toEqual([1, 8, 5, 4]);
    tf.dispose([x, y]);
    layer.dispose();
  });
});
