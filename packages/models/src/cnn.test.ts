import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@weft/core';
import type { Conv2D, Dense, MaxPool2D } from '@weft/layers';
import { describeBackends } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { cnn } from './cnn.js';
import { modelRegistry } from './registry.js';

/**
 * A tiny 28×28 problem: class k (of 4) has a bright horizontal bar in band k, plus noise.
 */
function bars(n: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = new Rng(seed);
  const pixels = new Float32Array(n * 28 * 28);
  const labels = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    labels[i * 4 + k] = 1;
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const bar = r >= 3 + 6 * k && r < 6 + 6 * k ? 1 : 0;
        pixels[(i * 28 + r) * 28 + c] = bar + rng.uniform(0, 0.3);
      }
    }
  }
  return { x: tf.tensor4d(pixels, [n, 28, 28, 1]), y: tf.tensor2d(labels, [n, 4]) };
}

await describeBackends('cnn', () => {
  it('trains the 28×28 model: the loss falls within a few Adam steps', async () => {
    const { x, y } = bars(16, 1);
    const model = cnn({ inputShape: [28, 28, 1], classes: 4, filters: [32, 64], dense: 128, seed: 2 });
    const optimizer = tf.train.adam(1e-3);
    const losses: number[] = [];
    for (let step = 0; step < 6; step++) {
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, tf.log(tf.add(model.apply(x, { training: true }), 1e-7))),
        true,
        model.trainableWeights,
      ) as tf.Scalar;
      losses.push((await loss.data())[0] as number);
      loss.dispose();
    }
    expect(losses[0]).toBeGreaterThan(1.2); // ≈ ln 4 at the start
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.7);
    optimizer.dispose();
    model.dispose();
    tf.dispose([x, y]);
  });
});

describe('cnn', () => {
  it("is the tutorial's 224×224 model by default: Keras' 39,163,176 parameters", () => {
    const model = cnn({ inputShape: [224, 224, 3], classes: 1000 });
    expect(model.countParams()).toBe(39_163_176);
    expect(model.layers.map((l) => l.className)).toEqual([
      ...Array(4).fill(['Conv2D', 'MaxPool2D']).flat(),
      'Flatten',
      'Dense',
      'Dense',
    ]);
    const summary = model.summary();
    expect(summary).toMatch(/\(Conv2D\)\s+\(None, 222, 222, 32\)\s+896/);
    expect(summary).toMatch(/\(MaxPool2D\)\s+\(None, 12, 12, 256\)\s+0/);
    expect(summary).toMatch(/\(Flatten\)\s+\(None, 36864\)\s+0/);
    expect(summary).toMatch(/\(Dense\)\s+\(None, 1024\)\s+37,749,760/);
    expect(summary).toMatch(/\(Dense\)\s+\(None, 1000\)\s+1,025,000/);
    expect(summary).toContain('Total params: 39,163,176');
    model.dispose();
  });

  it('builds the 28×28 model with valid 3×3 convolutions, 2×2 pools and a softmax head', () => {
    const model = cnn({ inputShape: [28, 28, 1], classes: 10, filters: [32, 64], dense: 128 });
    const [conv] = model.layers as [Conv2D];
    expect(conv.kernelSize).toEqual([3, 3]);
    expect(conv.padding).toBe('valid');
    expect(conv.activation).toBe('relu');
    expect((model.layers[1] as MaxPool2D).poolSize).toEqual([2, 2]);
    expect((model.layers.at(-1) as Dense).activation).toBe('softmax');
    expect(model.computeOutputShape([null, 28, 28, 1])).toEqual([null, 10]);
    // 320 + 18,496 + (5·5·64)·128 + 128 + 1,290
    expect(model.countParams()).toBe(320 + 18_496 + 1600 * 128 + 128 + 1290);
    model.dispose();
    const fromRegistry = modelRegistry.get('cnn')({
      inputShape: [28, 28, 1],
      classes: 10,
      filters: [8],
      dense: 4,
    });
    expect(fromRegistry.countParams()).toBe(80 + 13 * 13 * 8 * 4 + 4 + 50);
    fromRegistry.dispose();
  });

  it('rejects bad options, including images too small for the blocks', () => {
    expect(() => cnn({ inputShape: [28, 28] as never, classes: 10 })).toThrow(ConfigError);
    expect(() => cnn({ inputShape: [28, 28, 1], classes: 0 })).toThrow(/classes/);
    expect(() => cnn({ inputShape: [28, 28, 1], classes: 2, filters: [] })).toThrow(/filters/);
    expect(() => cnn({ inputShape: [28, 28, 1], classes: 2 })).toThrow(/too small for 4 blocks/);
  });
});
