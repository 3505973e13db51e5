/**
 * The benchmark CSV: `rows` rows of 8 float features f0…f7 (6 decimals) and a target y, drawn
 * with a seeded Rng, written in 64 KiB pieces so generating it needs no memory either; and the
 * two ways @weft/data turns it into tensors, as csv-tensor.ts and the runner's csv-tensors
 * workload time them.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../packages/core/src/index.js';
import { batches, loadCSV, streamCSV, toTensors } from '../../packages/data/src/index.js';

export const FEATURES = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7'];

export async function writeBenchmarkCSV(path: string, rows: number, seed = 0): Promise<number> {
  if (existsSync(path) && statSync(path).size > 0 && path.includes(`-${rows}-`)) return statSync(path).size;
  const rng = new Rng(seed);
  const out = createWriteStream(path);
  let piece = `${[...FEATURES, 'y'].join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    let y = 0;
    for (let j = 0; j < FEATURES.length; j++) {
      const v = rng.normal(0, 1);
      y += (j + 1) * v;
      piece += `${v.toFixed(6)},`;
    }
    piece += `${(y + rng.normal(0, 0.1)).toFixed(6)}\n`;
    if (piece.length > 65536) {
      if (!out.write(piece)) await once(out, 'drain');
      piece = '';
    }
  }
  out.write(piece);
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

/**
 * `loadCSV` + `toTensors`: the whole file into an arquero table, then one `[rows, 8]` tensor and a
 * `[rows, 1]` target (disposed). Returns the rows read.
 */
export async function loadToTensors(path: string): Promise<number> {
  const table = await loadCSV(path);
  const { x, y } = toTensors(table, { features: FEATURES, target: 'y' });
  const n = x.shape[0] as number;
  tf.dispose([x, y as tf.Tensor]);
  return n;
}

/**
 * `streamCSV` + `batches`: batches of `batchSize` rows parsed straight from the text, each
 * disposed as soon as it is counted. Returns the rows read.
 */
export async function streamToTensors(path: string, batchSize = 65536): Promise<number> {
  let n = 0;
  for await (const { x, y } of batches(streamCSV(path), { features: FEATURES, target: 'y', batchSize })) {
    n += x.shape[0] as number;
    tf.dispose([x, y as tf.Tensor]);
  }
  return n;
}
