import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import { closestName } from '../registry.js';
import { cpuBackend } from './cpu.js';
import { tensorflowBackend } from './tensorflow.js';
import type { BackendCandidate, BackendInfo, BackendName, BackendOptions } from './types.js';
import { wasmBackend } from './wasm.js';
import { webglBackend } from './webgl.js';
import { webgpuBackend } from './webgpu.js';

/** Candidates in the order `'auto'` prefers them (hardware GPUs first, plain JS last). */
const CANDIDATES: readonly BackendCandidate[] = [
  webgpuBackend,
  tensorflowBackend,
  webglBackend,
  wasmBackend,
  cpuBackend,
];

export const BACKEND_NAMES: readonly BackendName[] = CANDIDATES.map((c) => c.name);

/** Probes every candidate backend; never throws, never changes the active backend. */
export async function listBackends(options: BackendOptions = {}): Promise<BackendInfo[]> {
  const rows: BackendInfo[] = [];
  for (const candidate of CANDIDATES) rows.push(await candidate.probe(options));
  return rows;
}

/**
 * Where 'auto' may land: a hardware GPU, then native TensorFlow (CUDA first), then wasm, then
 * cpu. A software-emulated GPU adapter (llvmpipe, SwiftShader) is never chosen silently: ask for
 * it by name.
 */
function autoRank(info: BackendInfo): number {
  if (!info.available || info.software) return Number.POSITIVE_INFINITY;
  if (info.name === 'tensorflow') return info.device?.startsWith('CUDA') ? 1 : 3;
  if (info.name === 'webgpu' || info.name === 'webgl') return info.name === 'webgpu' ? 0 : 2;
  return info.name === 'wasm' ? 4 : 5;
}

/**
 * Makes `name` the active tfjs backend and returns what was chosen. `'auto'` picks the best
 * available one (see {@link listBackends}); a named backend that cannot run throws a
 * `BackendUnavailableError` whose message names the fix.
 */
export async function useBackend(
  name: BackendName | 'auto',
  options: BackendOptions = {},
): Promise<BackendInfo> {
  if (name === 'auto') {
    const rows = await listBackends(options);
    const ranked = rows.filter((r) => Number.isFinite(autoRank(r))).sort((a, b) => autoRank(a) - autoRank(b));
    for (const row of ranked) {
      try {
        return await candidate(row.name).activate(options);
      } catch {
        // Probing succeeded but initialization failed: fall through to the next candidate.
      }
    }
    return cpuBackend.activate(options);
  }
  return candidate(name).activate(options);
}

function candidate(name: string): BackendCandidate {
  const found = CANDIDATES.find((c) => c.name === name);
  if (found) return found;
  const suggestion = closestName(name, BACKEND_NAMES);
  throw new ConfigError({
    where: 'useBackend',
    problem: 'unknown backend name',
    expected: `one of 'auto', ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}`,
    received: { name },
    fix: suggestion ? `Did you mean '${suggestion}'?` : undefined,
  });
}

/** The name of the active tfjs backend. */
export function currentBackend(): string {
  return tf.getBackend();
}

export type { BackendInfo, BackendName, BackendOptions, ImportModule } from './types.js';
