import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import { activateRegistered, unavailable } from './activate.js';
import { defaultImportModule, isNode, tryImport } from './environment.js';
import type { BackendCandidate, BackendInfo, BackendOptions } from './types.js';
import { patchWasmKernels } from './wasm-kernels.js';
import { prepareWasmSimd } from './wasm-simd.js';
import { MAX_WASM_THREADS, registerThreadedWasm, threadError, type WasmPackage } from './wasm-threads.js';

const PACKAGE = '@tensorflow/tfjs-backend-wasm';
const FIX = `Install it: npm install ${PACKAGE}@^4.22.0 (in a browser, serve its .wasm files and pass { wasmPaths })`;

interface WasmModule extends Partial<WasmPackage> {
  setWasmPaths?: (prefixOrFileMap: string | Record<string, string>) => void;
}

async function load(options: BackendOptions): Promise<{ info: BackendInfo; module: WasmModule | null }> {
  // Registered already (the app imported the package itself) in a browser: import it again only
  // when its `setWasmPaths` is needed (Node always needs it for threads); imports are cached.
  if (tf.findBackendFactory('wasm') && !options.wasmPaths && !isNode()) {
    return { info: availableInfo(), module: null };
  }
  const result = await tryImport(options.importModule ?? defaultImportModule, PACKAGE);
  if (result.error) {
    return {
      info: {
        name: 'wasm',
        available: false,
        reason: `${PACKAGE} is not installed. ${FIX}`,
        device: null,
        software: false,
      },
      module: null,
    };
  }
  return { info: availableInfo(), module: result.module as WasmModule };
}

function availableInfo(): BackendInfo {
  return {
    name: 'wasm',
    available: true,
    reason: isNode()
      ? 'WebAssembly with SIMD (XNNPACK); in Node one thread, or { threads } through worker_threads'
      : 'WebAssembly with SIMD (XNNPACK)',
    device: 'CPU (WebAssembly)',
    software: false,
  };
}

/** tfjs' WebAssembly backend (XNNPACK kernels): the fastest CPU backend that installs everywhere. */
export const wasmBackend: BackendCandidate = {
  name: 'wasm',
  probe: async (options) => (await load(options)).info,
  async activate(options) {
    const { info, module } = await load(options);
    if (!info.available) unavailable(info, FIX);
    if (options.wasmPaths && module?.setWasmPaths) {
      // The paths must be set before the backend first initializes; once it has, they are fixed.
      if (tf.engine().registry.wasm) {
        unavailable(
          info,
          'The wasm backend was already initialized with other .wasm paths; pass { wasmPaths } on the first useBackend("wasm") call',
        );
      }
      module.setWasmPaths(options.wasmPaths);
    }
    if (isNode() && module) await prepareThreads(module, options);
    const active = await activateRegistered(info, FIX);
    patchWasmKernels();
    await prepareWasmSimd(tf.backend());
    if (!isNode() || !module?.getThreadsCount) return active;
    const count = module.getThreadsCount();
    const fallback = threadError();
    return {
      ...active,
      reason:
        `WebAssembly with SIMD (XNNPACK); ${count} thread${count === 1 ? '' : 's'}` +
        (fallback ? ` (the threaded build failed: ${fallback})` : ''),
    };
  },
};

/**
 * In Node, swaps in the threaded build before the backend first initializes (see
 * wasm-threads.ts). The default stays tfjs' single-threaded build: XNNPACK hands every op to the
 * pool, and waking it costs more than small ops take (measured on 2 cores with 2 threads: a
 * 64-64-10 MLP's epoch 26.5 → 42.6 ms, while the Fashion CNN gains 1.3× and a 1024² matmul 1.9×).
 */
async function prepareThreads(module: WasmModule, options: BackendOptions): Promise<void> {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new ConfigError({
      where: 'useBackend',
      problem: 'threads must be a whole number of wasm threads',
      expected: `an integer from 1 to ${MAX_WASM_THREADS} (tfjs' wasm build has ${MAX_WASM_THREADS} pthread workers)`,
      received: { threads },
    });
  }
  if (tf.engine().registry.wasm) {
    // Initialized already: the thread pool is fixed for the life of the process.
    const current = module.getThreadsCount?.();
    if (options.threads !== undefined && current !== undefined && current !== threads) {
      unavailable(
        availableInfo(),
        `The wasm backend already runs with ${current} thread(s); pass { threads } on the first useBackend("wasm") call`,
      );
    }
    return;
  }
  if (threads > 1 && module.BackendWasm && module.setThreadsCount && module.getThreadsCount) {
    registerThreadedWasm(module as WasmPackage, threads);
  }
}
