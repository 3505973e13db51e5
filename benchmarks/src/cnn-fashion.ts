/**
 * Training speed of the Fashion-MNIST CNN (reference workload B5): `cnn({ inputShape: [28, 28, 1],
 * classes: 10, filters: [32, 64], dense: 128 })` = Conv(32, 3)-ReLU-Pool-Conv(64, 3)-ReLU-Pool-
 * Dense(128)-Dense(10), Adam 1e-3, cross-entropy, batch 64, on synthetic 28×28 images (speed does
 * not depend on the pixel values). Reports training images per second per backend, measured over
 * the timed steps after warm-up steps, each step reading its loss back (as a training loop that
 * logs does). The PyTorch twin is benchmarks/reference/cnn_fashion_torch.py.
 *
 * Usage: node --conditions=source --import tsx benchmarks/src/cnn-fashion.ts
 *          [--backends cpu,wasm,webgpu] [--steps 20] [--warmup 3] [--batch 64] [--threads N]
 *          [--profile] [--json]
 */
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, Rng } from '@weft/core';
import { cnn } from '@weft/models';
import { Adam } from '@weft/train';
import { activate, backendFigures } from './measure.js';

interface Options {
  backends: BackendName[];
  steps: number;
  warmup: number;
  batch: number;
  /** wasm threads (default: the backend's default, one per core). */
  threads: string | undefined;
  profile: boolean;
  json: boolean;
}

interface Result {
  backend: string;
  imagesPerSecond: number;
  msPerStep: number;
  steps: number;
  batch: number;
  firstLoss: number;
  lastLoss: number;
  /** wasm only: XNNPACK threads. */
  threads?: number;
  /** Share of kernel time per kernel in one profiled step (with --profile). */
  profile?: { kernel: string; ms: number; share: number }[];
}

function parse(argv: string[]): Options {
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? (argv[i + 1] as string) : fallback;
  };
  return {
    backends: value('backends', 'cpu,wasm').split(',') as BackendName[],
    steps: Number(value('steps', '20')),
    warmup: Number(value('warmup', '3')),
    batch: Number(value('batch', '64')),
    threads: value('threads', '') || undefined,
    profile: argv.includes('--profile'),
    json: argv.includes('--json'),
  };
}

/** Four batches of uniform pixels and one-hot labels, drawn from a seeded generator. */
function syntheticBatches(batch: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D }[] {
  const rng = new Rng(seed);
  return Array.from({ length: 4 }, () => {
    const pixels = rng.fillUniform(new Float32Array(batch * 28 * 28), 0, 1);
    const labels = new Float32Array(batch * 10);
    for (let i = 0; i < batch; i++) labels[i * 10 + rng.int(10)] = 1;
    return { x: tf.tensor4d(pixels, [batch, 28, 28, 1]), y: tf.tensor2d(labels, [batch, 10]) };
  });
}

/** Mean cross-entropy of softmax probabilities (the model ends in softmax). */
function crossEntropy(y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.add(p, 1e-7))), -1))) as tf.Scalar;
}

async function run(backend: BackendName, options: Options): Promise<Result> {
  await activate(backend, options.threads);
  const model = cnn({ inputShape: [28, 28, 1], classes: 10, filters: [32, 64], dense: 128, seed: 0 });
  // The optimizer `fit` builds for `optimizer: 'adam'` (the CNN tutorial's), not tfjs' own.
  const optimizer = new Adam({ learningRate: 1e-3 });
  const data = syntheticBatches(options.batch, 1);
  const step = (i: number) => {
    const { x, y } = data[i % data.length] as { x: tf.Tensor4D; y: tf.Tensor2D };
    return optimizer.minimize(
      () => crossEntropy(y, model.apply(x, { training: true })),
      true,
      model.trainableWeights,
    ) as tf.Scalar;
  };
  const lossOf = async (loss: tf.Scalar) => {
    const value = (await loss.data())[0] as number;
    loss.dispose();
    return value;
  };
  let firstLoss = Number.NaN;
  for (let i = 0; i < options.warmup; i++) {
    const value = await lossOf(step(i));
    if (i === 0) firstLoss = value;
  }
  const start = performance.now();
  let lastLoss = Number.NaN;
  for (let i = 0; i < options.steps; i++) lastLoss = await lossOf(step(i));
  const seconds = (performance.now() - start) / 1000;
  const result: Result = {
    backend,
    imagesPerSecond: (options.steps * options.batch) / seconds,
    msPerStep: (seconds * 1000) / options.steps,
    steps: options.steps,
    batch: options.batch,
    firstLoss,
    lastLoss,
    ...backendFigures(backend),
  };
  if (options.profile) result.profile = await profileStep(() => step(0));
  optimizer.dispose();
  model.dispose();
  tf.dispose(data.flatMap(({ x, y }) => [x, y]));
  return result;
}

/** Kernel times of one training step, summed by kernel name, largest first. */
async function profileStep(step: () => tf.Scalar): Promise<{ kernel: string; ms: number; share: number }[]> {
  const info = await tf.profile(() => {
    step().dispose();
  });
  const totals = new Map<string, number>();
  for (const k of info.kernels) {
    const ms = await k.kernelTimeMs;
    const time = typeof ms === 'number' ? ms : 0;
    totals.set(k.name, (totals.get(k.name) ?? 0) + time);
  }
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals]
    .map(([kernel, ms]) => ({
      kernel,
      ms: Math.round(ms * 100) / 100,
      share: Math.round((ms / all) * 1000) / 10,
    }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 12);
}

const options = parse(process.argv.slice(2));
const results: Result[] = [];
for (const backend of options.backends) {
  const result = await run(backend, options);
  results.push(result);
  if (!options.json) {
    console.log(
      `${backend.padEnd(7)} ${result.imagesPerSecond.toFixed(0).padStart(6)} images/s  ` +
        `${result.msPerStep.toFixed(1)} ms/step  (batch ${result.batch}, ${result.steps} steps; loss ${result.firstLoss.toFixed(3)} → ${result.lastLoss.toFixed(3)})`,
    );
    for (const p of result.profile ?? [])
      console.log(
        `    ${p.kernel.padEnd(24)} ${p.ms.toFixed(1).padStart(8)} ms ${p.share.toFixed(1).padStart(5)} %`,
      );
  }
}
if (options.json) console.log(JSON.stringify({ workload: 'cnn-fashion', results }));
