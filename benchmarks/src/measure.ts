import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { type BackendName, useBackend } from '@weft/core';

/** What a workload process prints (one JSON line) for the runner. */
export interface WorkloadResult {
  workload: string;
  backend: string;
  /** Median of the timed repeats, seconds. */
  seconds: number;
  /** Every timed repeat, seconds. */
  samples: number[];
  /** Throughput or quality figures, named with their units (e.g. `gflops`, `usPerStep`, `r2`). */
  figures: Record<string, number>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Parses `--backend B --repeats N [--threads T]` for a workload process and activates the backend. */
export async function workloadArgs(
  argv = process.argv.slice(2),
): Promise<{ backend: BackendName; repeats: number }> {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const backend = (get('--backend') ?? 'wasm') as BackendName;
  const repeats = Number(get('--repeats') ?? 3);
  await activate(backend, get('--threads'));
  return { backend, repeats };
}

/** Activates `backend`; `threads` (wasm only) as given on the command line, else the default. */
export async function activate(backend: BackendName, threads?: string): Promise<void> {
  await useBackend(backend, backend === 'wasm' && threads ? { threads: Number(threads) } : {});
}

/** The figures every result carries: the wasm thread count, which changes the speed. */
export function backendFigures(backend: string): Record<string, number> {
  return backend === 'wasm' ? { threads: getThreadsCount() } : {};
}

/** Prints the result line the runner reads. */
export function report(result: WorkloadResult): void {
  const figures = { ...result.figures, ...backendFigures(result.backend) };
  console.log(JSON.stringify({ ...result, figures }));
}
