/**
 * Forward float32 conv2d, the Fashion CNN's two convolutions at batch 64, 3×3 kernels, stride 1,
 * 'valid': 28×28×1 → 26×26×32 and 13×13×32 → 11×11×64 (NHWC, kernels HWIO). GFLOP/s counts
 * 2·N·Ho·Wo·Cout·Kh·Kw·Cin flops per convolution (bias and activation are not part of it). One
 * warm-up convolution (kernel or shader compilation), then max(repeats, 5) timed ones, each read
 * back with `await data()` so the time includes the device finishing. Twin: reference/conv2d_torch.py.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { median, report, workloadArgs } from '../measure.js';

const BATCH = 64;
const SHAPES = [
  { name: 'conv2d-28x28x1-32', size: 28, inChannels: 1, outChannels: 32 },
  { name: 'conv2d-13x13x32-64', size: 13, inChannels: 32, outChannels: 64 },
];

const { backend, repeats } = await workloadArgs();
const rng = new Rng(0);
for (const { name, size, inChannels, outChannels } of SHAPES) {
  const x = tf.tensor4d(rng.fillNormal(new Float32Array(BATCH * size * size * inChannels)), [
    BATCH,
    size,
    size,
    inChannels,
  ]);
  const w = tf.tensor4d(rng.fillNormal(new Float32Array(9 * inChannels * outChannels), 0, 0.1), [
    3,
    3,
    inChannels,
    outChannels,
  ]);
  const once = async () => {
    const start = performance.now();
    const y = tf.conv2d(x, w, 1, 'valid');
    await y.data();
    y.dispose();
    return (performance.now() - start) / 1000;
  };
  await once();
  const samples: number[] = [];
  for (let i = 0; i < Math.max(repeats, 5); i++) samples.push(await once());
  const seconds = median(samples);
  const out = size - 2;
  const flops = 2 * BATCH * out * out * outChannels * 9 * inChannels;
  report({
    workload: name,
    backend,
    seconds,
    samples,
    figures: { gflops: flops / seconds / 1e9, msPerConv: seconds * 1000 },
  });
  tf.dispose([x, w]);
}
