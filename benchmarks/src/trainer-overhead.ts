/**
 * Trainer overhead: the time per training step of `fit` (@weft/train) against a bare tfjs loop of
 * `optimizer.minimize` on the same model, data, batches and optimizer class. The goal is ≤ 10 %.
 *
 *   node --conditions=source --import tsx benchmarks/src/trainer-overhead.ts [--backend cpu,wasm] [--repeats 5]
 *
 * Both loops take the rows in order (no shuffle) and read a value back once per epoch (fit reads
 * its loss; the bare loop reads its last cost), so they do the same tensor work; what differs is
 * the trainer's bookkeeping (loss tracking, callbacks, abort checks, batch slicing through its
 * sources). A third line times fit with its default per-epoch shuffle, for reference.
 */

import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, Rng, useBackend } from '@weft/core';
import type { Layer } from '@weft/layers';
import { mlp } from '@weft/models';
import { fit } from '@weft/train';

const ROWS = 4096;
const BATCH = 64;
const EPOCHS = 3;
const STEPS = (ROWS / BATCH) * EPOCHS;

function arg(flag: string, fallback: string): string {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function data(seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const rng = new Rng(seed);
  const x = new Float32Array(ROWS * 32);
  rng.fillNormal(x);
  const y = new Float32Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    let s = 0;
    for (let j = 0; j < 32; j++) s += (x[i * 32 + j] as number) * ((j % 5) - 2) * 0.1;
    y[i] = s + rng.normal(0, 0.1);
  }
  return { x: tf.tensor2d(x, [ROWS, 32]), y: tf.tensor2d(y, [ROWS, 1]) };
}

const model = (): Layer => mlp({ inputs: 32, hidden: [64, 64], outputs: 1, seed: 1 });

async function bareLoop(x: tf.Tensor, y: tf.Tensor): Promise<number> {
  const net = model();
  const optimizer = tf.train.adam(1e-3);
  const variables = net.trainableWeights;
  const started = performance.now();
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    let last: tf.Scalar | null = null;
    for (let start = 0; start < ROWS; start += BATCH) {
      last?.dispose();
      last = optimizer.minimize(
        () => {
          const xb = tf.slice(x, [start, 0], [BATCH, -1]);
          const yb = tf.slice(y, [start, 0], [BATCH, -1]);
          return tf.mean(tf.squaredDifference(yb, net.apply(xb, { training: true }))) as tf.Scalar;
        },
        true,
        variables,
      );
    }
    await last?.data();
    last?.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  optimizer.dispose();
  net.dispose();
  return seconds;
}

async function fitLoop(x: tf.Tensor, y: tf.Tensor, shuffle: boolean): Promise<number> {
  const net = model();
  const optimizer = tf.train.adam(1e-3);
  const started = performance.now();
  await fit(net, { x, y }, { loss: 'mse', optimizer, epochs: EPOCHS, batchSize: BATCH, shuffle, verbose: 0 });
  const seconds = (performance.now() - started) / 1000;
  optimizer.dispose();
  net.dispose();
  return seconds;
}

const backends = arg('--backend', 'cpu,wasm').split(',') as BackendName[];
const repeats = Number(arg('--repeats', '7'));
const rows: Record<string, number | string>[] = [];
for (const backend of backends) {
  await useBackend(backend);
  const { x, y } = data(7);
  const before = tf.memory().numTensors;
  await bareLoop(x, y); // warm-up: kernels, shader compiles, allocator
  await fitLoop(x, y, false);
  const bare: number[] = [];
  const trainer: number[] = [];
  const shuffled: number[] = [];
  // Interleaved, so drift in machine load hits both loops alike.
  for (let r = 0; r < repeats; r++) {
    bare.push(await bareLoop(x, y));
    trainer.push(await fitLoop(x, y, false));
    shuffled.push(await fitLoop(x, y, true));
  }
  const us = (s: number) => (s / STEPS) * 1e6;
  const pct = (a: number, b: number) => Number((((a - b) / b) * 100).toFixed(1));
  const [b, f, s] = [bare, trainer, shuffled].map((v) => us(median(v))) as [number, number, number];
  // The minimum is the run least disturbed by other processes: on a busy machine it is the
  // steadier figure, so both are reported.
  const [bMin, fMin] = [bare, trainer].map((v) => us(Math.min(...v))) as [number, number];
  rows.push({
    backend,
    bareUsPerStep: Number(b.toFixed(1)),
    fitUsPerStep: Number(f.toFixed(1)),
    overheadPct: pct(f, b),
    bareMinUsPerStep: Number(bMin.toFixed(1)),
    fitMinUsPerStep: Number(fMin.toFixed(1)),
    overheadMinPct: pct(fMin, bMin),
    fitShuffledUsPerStep: Number(s.toFixed(1)),
    leakedTensors: tf.memory().numTensors - before,
  });
  tf.dispose([x, y]);
}

const probe = model();
const params = probe.countParams();
probe.dispose();
console.log(
  `trainer overhead: MLP 32→64→64→1 (${params} params), Adam, MSE, ${ROWS} rows, batch ${BATCH}, ${EPOCHS} epochs (${STEPS} steps), median of ${repeats}`,
);
console.log(
  '| backend | bare minimize µs/step (median / min) | fit µs/step (median / min) | overhead (median / min) | fit + shuffle µs/step |',
);
console.log('|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.backend} | ${r.bareUsPerStep} / ${r.bareMinUsPerStep} | ${r.fitUsPerStep} / ${r.fitMinUsPerStep} | ${r.overheadPct} % / ${r.overheadMinPct} % | ${r.fitShuffledUsPerStep} |`,
  );
}
console.log(JSON.stringify({ workload: 'trainer-overhead', results: rows }));
