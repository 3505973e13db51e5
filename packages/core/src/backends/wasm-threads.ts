import * as tf from '@tensorflow/tfjs-core';
import { defaultImportModule } from './environment.js';

/**
 * Multi-threaded WebAssembly in Node. tfjs-backend-wasm ships a threaded SIMD build (XNNPACK over
 * pthreads) but never uses it in Node: its Emscripten pthread script exists only as a string for
 * browser Blob URLs, and its thread count is capped at half of `os.cpus()` (a hyper-threading
 * guess that leaves a 2-vCPU machine with one thread). This module builds the same `BackendWasm`
 * from the threaded build with real worker_threads (workers/wasm-pthread.cjs) and the number of
 * threads asked for. Node only: in browsers tfjs picks its threaded build itself when the page is
 * cross-origin isolated.
 */

/** The parts of `@tensorflow/tfjs-backend-wasm` used here. */
export interface WasmPackage {
  BackendWasm: new (module: unknown) => tf.KernelBackend;
  setThreadsCount(threads: number): void;
  getThreadsCount(): number;
}

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
}

/** The Emscripten module of the threaded build (only what is touched here). */
interface ThreadedModule {
  cwrap(name: string, returns: string | null, args: string[]): unknown;
  PThread: { unusedWorkers: NodeWorker[]; runningWorkers: NodeWorker[] };
  tfjs?: Record<string, unknown>;
}

type Imports = { env: Record<string, unknown> } & Record<string, unknown>;
type ReceiveInstance = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;
type Factory = (config: Record<string, unknown>) => Promise<ThreadedModule>;

/** tfjs' threaded build prebuilds 8 pthread workers and never uses more. */
export const MAX_WASM_THREADS = 8;

const BUILD = 'tfjs-backend-wasm-threaded-simd';

interface NodeRequire {
  (id: string): unknown;
  resolve(id: string): string;
}

interface NodeModules {
  createRequire(from: string): NodeRequire;
  join(...parts: string[]): string;
  dirname(path: string): string;
  fileURLToPath(url: URL): string;
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
}

async function nodeModules(): Promise<NodeModules> {
  // Through an import bundlers leave alone, so browser bundles never see Node built-ins. (Not the
  // injectable `importModule` of BackendOptions: that one stands in for optional packages.)
  const importModule = defaultImportModule;
  const [module, path, url, fs] = (await Promise.all(
    ['node:module', 'node:path', 'node:url', 'node:fs/promises'].map((name) => importModule(name)),
  )) as [
    Pick<NodeModules, 'createRequire'>,
    Pick<NodeModules, 'join' | 'dirname'>,
    Pick<NodeModules, 'fileURLToPath'>,
    Pick<NodeModules, 'readFile'>,
  ];
  return {
    createRequire: module.createRequire,
    join: path.join,
    dirname: path.dirname,
    fileURLToPath: url.fileURLToPath,
    readFile: fs.readFile,
  };
}

/**
 * Instantiates the threaded build with `threads` threads and wraps it in tfjs' own `BackendWasm`,
 * so every registered wasm kernel runs on it unchanged.
 */
export async function createThreadedWasmBackend(
  pkg: WasmPackage,
  threads: number,
): Promise<tf.KernelBackend> {
  const node = await nodeModules();
  const require = node.createRequire(import.meta.url);
  const wasmOut = node.join(node.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '..', 'wasm-out');
  const script = node.join(wasmOut, `${BUILD}.js`);
  const factory = require(script) as Factory;
  // Compiled here (errors reach the caller), instantiated in Emscripten's callback below.
  const compiled = await WebAssembly.compile(await node.readFile(node.join(wasmOut, `${BUILD}.wasm`)));
  // A variable, not a literal: bundlers treat `new URL('literal', import.meta.url)` as an asset.
  const workerFile = '../../workers/wasm-pthread.cjs';
  const workerScript = node.fileURLToPath(new URL(workerFile, import.meta.url));

  const module = await factory({
    locateFile: (file: string) => (file.endsWith('.worker.js') ? workerScript : node.join(wasmOut, file)),
    // What each pthread evaluates to get the module factory.
    mainScriptUrlOrBlob: script,
    instantiateWasm(imports: Imports, receive: ReceiveInstance) {
      // tfjs caps its pool at emscripten_num_logical_cores() / 2; report twice the threads asked
      // for, so the cap is exactly `threads`.
      const env = { ...imports.env, emscripten_num_logical_cores: () => threads * 2 };
      const instance = new WebAssembly.Instance(compiled, { ...imports, env });
      receive(instance, compiled);
      return instance.exports;
    },
  });
  // The same C entry points tfjs wraps in its own init().
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  pkg.setThreadsCount(threads);
  const backend = new pkg.BackendWasm(module);
  // The pool's threads now wait on shared memory for work: they must not keep Node alive after
  // the program ends. The prebuilt workers no pool thread took are ~14 MB each: stop them.
  for (const worker of module.PThread.runningWorkers) worker.unref();
  for (const worker of module.PThread.unusedWorkers.splice(0)) void worker.terminate();
  return backend;
}

let registeredThreads: number | null = null;

/**
 * Replaces tfjs' (single-threaded in Node) wasm backend factory by the threaded one, before the
 * backend first initializes. If the threaded build cannot start, the backend falls back to
 * tfjs' own factory and `threadError()` says why.
 */
export function registerThreadedWasm(pkg: WasmPackage, threads: number): void {
  if (registeredThreads === threads) return;
  const original = tf.findBackendFactory('wasm');
  tf.removeBackend('wasm');
  registeredThreads = threads;
  tf.registerBackend(
    'wasm',
    async () => {
      try {
        return await createThreadedWasmBackend(pkg, threads);
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        if (!original) throw error;
        pkg.setThreadsCount(1);
        return original();
      }
    },
    2,
  );
}

let lastError: string | null = null;

/** Why the threaded build fell back to tfjs' single-threaded one, if it did. */
export function threadError(): string | null {
  return lastError;
}
