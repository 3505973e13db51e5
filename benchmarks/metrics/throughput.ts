/**
 * Throughput of a stateful classification metric (F1, macro, 10 classes) per backend, in
 * elements per second: how fast `update` consumes a stream of batches. Goal: ≥ 10 M/s.
 *
 *   node --conditions=source --import tsx benchmarks/metrics/throughput.ts [--rows 262144] [--batches 8]
 *
 * Workloads, each timed over `batches` updates after one warm-up update:
 * - `scores-tensor`: yPred `[n, C]` float32 scores and yTrue `[n]` int32 on the backend; counted
 *   on the device (argmax, bincount, one read of C² counts). Elements = n·C scores.
 * - `labels-tensor`: yTrue and yPred `[n]` label tensors; read back and counted in JS. Elements = 2n.
 * - `labels-array`: the same labels as Int32Arrays (no backend involved). Elements = 2n.
 * Prints a table, then one JSON line per measurement (the benchmark runner's WorkloadResult shape).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, listBackends, Rng, useBackend } from '@weft/core';
import { F1Score } from '@weft/metrics';

const arg = (flag: string, fallback: number) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rows = arg('--rows', 262_144);
const batches = arg('--batches', 8);
const classes = 10;

const rng = new Rng(6);
const labels = Int32Array.from({ length: rows }, () => Math.floor(rng.uniform() * classes));
const predicted = labels.map((l) => (rng.uniform() < 0.7 ? l : Math.floor(rng.uniform() * classes)));
const scores = new Float32Array(rows * classes).map(() => rng.uniform());
predicted.forEach((p, i) => {
  scores[i * classes + p] = 2; // argmax = predicted label
});

interface Row {
  workload: string;
  backend: string;
  seconds: number;
  samples: number[];
  figures: Record<string, number>;
}

async function time(
  update: () => Promise<void>,
  elements: number,
  workload: string,
  backend: string,
): Promise<Row> {
  await update(); // warm-up: kernel compilation, first allocation
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    await update();
    samples.push((performance.now() - start) / 1000);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const seconds = sorted[sorted.length >> 1] as number;
  return {
    workload,
    backend,
    seconds,
    samples,
    figures: { elementsPerSecond: elements / seconds, rowsPerSecond: rows / seconds },
  };
}

const results: Row[] = [];
const available = (await listBackends()).filter((b) => b.available).map((b) => b.name);
for (const backend of available as BackendName[]) {
  await useBackend(backend);
  const metric = new F1Score({ average: 'macro' });
  const t = tf.tensor1d(labels, 'int32');
  const p = tf.tensor1d(predicted, 'int32');
  const s = tf.tensor2d(scores, [rows, classes]);
  results.push(await time(() => metric.update(t, s), rows * classes, 'scores-tensor', backend));
  results.push(await time(() => metric.update(t, p), 2 * rows, 'labels-tensor', backend));
  tf.dispose([t, p, s]);
}
const js = new F1Score({ average: 'macro' });
results.push(await time(() => js.update(labels, predicted), 2 * rows, 'labels-array', 'js'));

const fmt = (v: number) => `${(v / 1e6).toFixed(1)} M/s`;
console.log(`F1Score(macro) update, ${rows} rows × ${classes} classes per batch, median of ${batches}:`);
for (const r of results) {
  console.log(
    `  ${r.backend.padEnd(7)} ${r.workload.padEnd(14)} ${fmt(r.figures.elementsPerSecond as number).padStart(12)} elements  ${fmt(r.figures.rowsPerSecond as number).padStart(12)} rows`,
  );
}
for (const r of results) console.log(JSON.stringify({ ...r, workload: `metrics-f1-${r.workload}` }));
