/**
 * Streaming CSV → mini-batch tensors with bounded memory (@weft/data `streamCSV` + `batches`).
 *
 * Generates a CSV of `--rows` rows (default 2,000,000; 8 float features + target), then reads it
 * once as batches of `--batch` rows (optionally shuffled through a 10,000-row buffer), disposing
 * each batch, while sampling the process's resident memory. Reports the file size, rows/s, MB/s
 * and the peak RSS above the baseline before reading: bounded memory means that figure stays
 * flat when the file grows (run with --rows 4000000 to see).
 *
 * Usage: node --conditions=source --import tsx benchmarks/src/csv-stream.ts [--rows N] [--batch N] [--shuffle] [--file PATH] [--json]
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { batches, streamCSV } from '../../packages/data/src/index.js';
import { FEATURES, writeBenchmarkCSV } from './csv-data.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '2000000' },
    batch: { type: 'string', default: '1024' },
    shuffle: { type: 'boolean', default: false },
    file: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const batchSize = Number(values.batch);
const file = values.file ?? join(tmpdir(), `weft-bench-${rows}-rows.csv`);
const MB = 1024 * 1024;

const bytes = await writeBenchmarkCSV(file, rows);
global.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
let peakHeap = 0;
let seen = 0;
let checksum = 0;
const start = performance.now();
for await (const { x, y } of batches(streamCSV(file), {
  features: FEATURES,
  target: 'y',
  batchSize,
  ...(values.shuffle ? { shuffle: true, seed: 0, shuffleBuffer: 10000 } : {}),
})) {
  seen += x.shape[0] as number;
  if (seen % (batchSize * 64) < batchSize) {
    // Read one value now and then so the tensors are really materialized.
    checksum += (await y?.data())?.[0] ?? 0;
  }
  tf.dispose([x, y as tf.Tensor]);
  if (seen % (batchSize * 16) < batchSize) {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }
}
const seconds = (performance.now() - start) / 1000;
const result = {
  rows: seen,
  fileMB: +(bytes / MB).toFixed(1),
  batchSize,
  shuffle: values.shuffle,
  seconds: +seconds.toFixed(2),
  rowsPerSecond: Math.round(seen / seconds),
  mbPerSecond: +(bytes / MB / seconds).toFixed(1),
  baselineRssMB: +(baseline / MB).toFixed(0),
  peakRssMB: +(peak / MB).toFixed(0),
  peakRssAboveBaselineMB: +((peak - baseline) / MB).toFixed(0),
  peakHeapUsedMB: +(peakHeap / MB).toFixed(0),
  liveTensorsAfter: tf.memory().numTensors,
  checksum: +checksum.toFixed(3),
};
if (seen !== rows) throw new Error(`read ${seen} rows, expected ${rows}`);
console.log(values.json ? JSON.stringify(result) : result);
