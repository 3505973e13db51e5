/**
 * CSV → tensor throughput of @weft/data on one file, to compare with pandas
 * (benchmarks/reference/csv_pandas.py: `read_csv` + `to_numpy(float32)`) on the same file.
 *
 * Two ways: `loadCSV` + `toTensors` (the whole file into an arquero table, then one [rows, 8]
 * tensor and a [rows, 1] target) and `streamCSV` + `batches` (batches of 65,536 rows, parsed
 * straight from the text). Each is run `--repeat` times; the best time is reported.
 *
 * Usage: node --conditions=source --import tsx benchmarks/src/csv-tensor.ts [--rows N] [--repeat N] [--file PATH] [--json]
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadToTensors, streamToTensors, writeBenchmarkCSV } from './csv-data.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '2000000' },
    repeat: { type: 'string', default: '3' },
    file: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const repeat = Number(values.repeat);
const file = values.file ?? join(tmpdir(), `weft-bench-${rows}-rows.csv`);
const bytes = await writeBenchmarkCSV(file, rows);
const MB = 1024 * 1024;

async function best(run: () => Promise<number>): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    const n = await run();
    fastest = Math.min(fastest, (performance.now() - start) / 1000);
    if (n !== rows) throw new Error(`read ${n} rows, expected ${rows}`);
  }
  return fastest;
}

const whole = await best(() => loadToTensors(file));
const streamed = await best(() => streamToTensors(file, 65536));
const report = (seconds: number) => ({
  seconds: +seconds.toFixed(2),
  rowsPerSecond: Math.round(rows / seconds),
  mbPerSecond: +(bytes / MB / seconds).toFixed(1),
});
const result = {
  file,
  rows,
  fileMB: +(bytes / MB).toFixed(1),
  loadCSV_toTensors: report(whole),
  streamCSV_batches: report(streamed),
};
console.log(values.json ? JSON.stringify(result) : result);
