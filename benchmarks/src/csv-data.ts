/**
 * The benchmark CSV: `rows` rows of 8 float features f0…f7 (6 decimals) and a target y, drawn
 * with a seeded Rng, written in 64 KiB pieces so generating it needs no memory either.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { Rng } from '../../packages/core/src/index.js';

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
