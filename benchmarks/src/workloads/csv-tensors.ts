/**
 * CSV → float32 tensors with @weft/data on a generated numeric CSV (`--rows`, default 200,000 rows
 * of 8 float features and a target, 6 decimals, seeded; written once to `--file`, default
 * os.tmpdir()/weft-bench-<rows>-rows.csv, and reused while it exists). Two result lines:
 * - `csv-tensors-load`: `loadCSV` + `toTensors` (whole table, then one [rows, 8] tensor + target);
 * - `csv-tensors-stream`: `streamCSV` + `batches` of 65,536 rows (bounded memory).
 * One untimed pass of each first (warms the page cache and the JIT), then `repeats` timed passes
 * (at least 3); median. The tensors land on the chosen backend. Twin: reference/csv_pandas.py
 * (read_csv + to_numpy(float32), whole and in chunks of 65,536 rows) on the same file.
 */
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadToTensors, streamToTensors, writeBenchmarkCSV } from '../csv-data.js';
import { median, report, workloadArgs } from '../measure.js';

const arg = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const rows = Number(arg('--rows') ?? 200_000);
const file = arg('--file') ?? join(tmpdir(), `weft-bench-${rows}-rows.csv`);
const { backend, repeats } = await workloadArgs();
await writeBenchmarkCSV(file, rows);
const MB = statSync(file).size / 2 ** 20;

for (const [workload, read] of [
  ['csv-tensors-load', () => loadToTensors(file)],
  ['csv-tensors-stream', () => streamToTensors(file, 65536)],
] as const) {
  await read(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < Math.max(repeats, 3); i++) {
    const start = performance.now();
    const n = await read();
    samples.push((performance.now() - start) / 1000);
    if (n !== rows) throw new Error(`${workload}: read ${n} rows, expected ${rows}`);
  }
  const seconds = median(samples);
  report({
    workload,
    backend,
    seconds,
    samples,
    figures: { mbPerSecond: MB / seconds, rowsPerSecond: rows / seconds },
  });
}
