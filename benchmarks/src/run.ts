/**
 * `pnpm bench [--only a,b] [--backends cpu,wasm,webgpu] [--repeats N] [--wasm-threads 1,2] [--no-reference]`
 *
 * Runs each workload in a fresh process per backend (so one backend's warm caches never help
 * another), runs the reference script for the same workload on this machine (PyTorch CPU, pandas,
 * scikit-learn; Debian packages through /usr/bin/python3), and writes results/latest.json and
 * results/latest.md: medians after warm-up, ratios = weft time ÷ reference time, machine details.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { WorkloadResult } from './measure.js';

interface Workload {
  name: string;
  /** File under benchmarks/, run with `--backend B --repeats N` (or `args` when given). */
  file: string;
  /** Arguments instead of `--backend B --repeats N`; `{backend}` and `{repeats}` are replaced. */
  args?: string[];
  /** Reference script in reference/ and its arguments (`{repeats}` replaced), printing WorkloadResult lines. */
  reference?: string[];
  /** Backends that finish in reasonable time (webgpu here is a software rasterizer). */
  backends: string[];
}

/** What a workload file gets unless it names its own `args`. */
const DEFAULT_ARGS = ['--backend', '{backend}', '--repeats', '{repeats}'];
/** The csv-tensors workload writes this file once (seeded) and pandas reads the same one. */
const CSV_ROWS = '200000';
const CSV_FILE = join(tmpdir(), `weft-bench-${CSV_ROWS}-rows.csv`);

/** The explicit list of workloads; a new one is a file in src/workloads plus a line here. */
const WORKLOADS: Workload[] = [
  {
    name: 'matmul',
    file: 'src/workloads/matmul.ts',
    reference: ['matmul_torch.py'],
    backends: ['cpu', 'wasm', 'webgpu'],
  },
  {
    name: 'house-price',
    file: 'src/workloads/house-price.ts',
    reference: ['house_price_torch.py', '--json'],
    backends: ['cpu', 'wasm', 'webgpu'],
  },
  {
    name: 'cnn-fashion',
    file: 'src/cnn-fashion.ts',
    args: ['--backends', '{backend}', '--json'],
    reference: ['cnn_fashion_torch.py', '--json'],
    backends: ['cpu', 'wasm'],
  },
  {
    // One process measures every available backend itself (and plain arrays), so it runs once.
    name: 'metrics-f1',
    file: 'metrics/throughput.ts',
    args: [],
    backends: ['cpu'],
  },
  {
    name: 'digits-mlp',
    file: 'src/workloads/digits-mlp.ts',
    reference: ['classifiers_torch.py', '--workload', 'digits-mlp', '--repeats', '{repeats}', '--json'],
    backends: ['cpu', 'wasm'],
  },
  {
    name: 'breast-cancer',
    file: 'src/workloads/breast-cancer.ts',
    reference: ['classifiers_torch.py', '--workload', 'breast-cancer', '--repeats', '{repeats}', '--json'],
    backends: ['cpu', 'wasm'],
  },
  {
    // cpu: ≈ 30 s per repeat (≈ 110 s at 3 repeats on the shared 2-core machine); wasm ≈ 10× faster.
    name: 'transformer',
    file: 'src/workloads/transformer.ts',
    reference: ['transformer_torch.py', '--repeats', '{repeats}', '--json'],
    backends: ['cpu', 'wasm'],
  },
  {
    name: 'conv2d',
    file: 'src/workloads/conv2d.ts',
    reference: ['conv2d_torch.py', '--repeats', '{repeats}', '--json'],
    backends: ['cpu', 'wasm', 'webgpu'],
  },
  {
    name: 'csv-tensors',
    file: 'src/workloads/csv-tensors.ts',
    args: [...DEFAULT_ARGS, '--rows', CSV_ROWS, '--file', CSV_FILE],
    reference: ['csv_pandas.py', '--file', CSV_FILE, '--repeats', '{repeats}', '--json'],
    backends: ['cpu', 'wasm'],
  },
  {
    name: 'export-load',
    file: 'src/workloads/export-load.ts',
    reference: ['export_torch.py', '--repeats', '{repeats}', '--json'],
    backends: ['cpu', 'wasm'],
  },
];

/** Turns the `{ workload, results: [{ backend, imagesPerSecond, msPerStep }] }` form into rows. */
function adapt(line: Record<string, unknown>): WorkloadResult[] {
  if (!Array.isArray(line.results)) return [line as unknown as WorkloadResult];
  return (line.results as Record<string, number | string>[]).map((r) => ({
    workload: String(line.workload),
    backend: String(r.backend),
    seconds: Number(r.msPerStep) / 1000,
    samples: [],
    figures: {
      imagesPerSecond: Number(r.imagesPerSecond),
      msPerStep: Number(r.msPerStep),
      ...(r.threads === undefined ? {} : { threads: Number(r.threads) }),
    },
  }));
}

const root = new URL('..', import.meta.url).pathname;
// `pnpm bench -- --only x` hands the script a literal `--` first (pnpm 10): drop it.
const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    only: { type: 'string' },
    backends: { type: 'string', default: 'cpu,wasm' },
    repeats: { type: 'string', default: '3' },
    'no-reference': { type: 'boolean', default: false },
    /** wasm thread counts to measure, e.g. `1,2` (default: the backend's default, one per core). */
    'wasm-threads': { type: 'string' },
  },
});
const only = values.only?.split(',');
const backends = (values.backends ?? 'cpu,wasm').split(',');
const repeats = values.repeats ?? '3';
const wasmThreads: (string | undefined)[] = values['wasm-threads']?.split(',') ?? [undefined];
const python = '/usr/bin/python3';

/** Arguments with `{backend}` and `{repeats}` replaced. */
function fill(args: string[], backend = ''): string[] {
  return args.map((a) => a.replace('{backend}', backend).replace('{repeats}', repeats));
}

function runLines(command: string, args: string[]): { results: WorkloadResult[]; error?: string } {
  const run = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const results = (run.stdout ?? '')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => adapt(JSON.parse(line) as Record<string, unknown>));
  const error =
    run.status === 0
      ? undefined
      : (run.stderr || `exit ${run.status}`).trim().split('\n').slice(-3).join(' ');
  return { results, error };
}

const results: WorkloadResult[] = [];
const problems: string[] = [];
for (const workload of WORKLOADS) {
  if (only && !only.includes(workload.name)) continue;
  for (const backend of backends.filter((b) => workload.backends.includes(b))) {
    // Workloads that take a backend take `--threads`; metrics-f1 (no args) measures every backend itself.
    const threadCounts = backend === 'wasm' && workload.args?.length !== 0 ? wasmThreads : [undefined];
    for (const threads of threadCounts) {
      console.log(`… ${workload.name} on ${backend}${threads ? ` (${threads} threads)` : ''}`);
      const file = join(root, workload.file);
      const args = [
        ...fill(workload.args ?? DEFAULT_ARGS, backend),
        ...(threads ? ['--threads', threads] : []),
      ];
      const out = runLines(process.execPath, ['--conditions=source', '--import', 'tsx', file, ...args]);
      results.push(...out.results);
      if (out.error) problems.push(`${workload.name} [${backend}]: ${out.error}`);
    }
  }
  if (workload.reference && !values['no-reference']) {
    const script = join(root, 'reference', workload.reference[0] as string);
    if (!existsSync(python)) {
      problems.push(
        `${workload.name} reference skipped: ${python} not found (apt-get install python3-torch)`,
      );
      continue;
    }
    console.log(`… ${workload.name} reference`);
    const out = runLines(python, [script, ...fill(workload.reference.slice(1))]);
    results.push(...out.results);
    if (out.error) problems.push(`${workload.name} reference: ${out.error}`);
  }
}

const machine = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
const isReference = (r: WorkloadResult) =>
  !['cpu', 'wasm', 'webgpu', 'webgl', 'tensorflow', 'js'].includes(r.backend);
const lines = [
  `Measured ${machine.date} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}.`,
  '',
  '| workload | backend | median time (s) | figures | ratio to reference |',
  '|---|---|---|---|---|',
];
for (const r of results) {
  const ref = results.find((x) => x.workload === r.workload && isReference(x));
  const ratio =
    ref && !isReference(r)
      ? `${(r.seconds / ref.seconds).toFixed(2)}×`
      : isReference(r)
        ? '1 (reference)'
        : '—';
  const figures = Object.entries(r.figures)
    .filter(([k]) => k !== 'threads') // shown with the backend
    .map(([k, v]) => `${k} ${v >= 100 ? v.toFixed(0) : v.toPrecision(3)}`)
    .join(', ');
  const { threads } = r.figures;
  const backend = threads ? `${r.backend} (${threads} thread${threads === 1 ? '' : 's'})` : r.backend;
  lines.push(`| ${r.workload} | ${backend} | ${r.seconds.toPrecision(3)} | ${figures} | ${ratio} |`);
}
if (problems.length) lines.push('', 'Problems:', ...problems.map((p) => `- ${p}`));
mkdirSync(join(root, 'results'), { recursive: true });
writeFileSync(
  join(root, 'results', 'latest.json'),
  `${JSON.stringify({ machine, results, problems }, null, 2)}\n`,
);
writeFileSync(join(root, 'results', 'latest.md'), `${lines.join('\n')}\n`);
console.log(`\n${lines.join('\n')}`);
process.exitCode = problems.length ? 1 : 0;
