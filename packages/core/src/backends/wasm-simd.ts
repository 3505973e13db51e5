import { SIMD_WASM_PLAIN, SIMD_WASM_SHARED } from './wasm-simd-binary.js';

/**
 * Weft's WebAssembly SIMD kernels (wasm/simd.c), instantiated on a tfjs-backend-wasm backend's own
 * memory so they work on tensors where they live. The module keeps no data or stack in that
 * memory (the build script checks), so it cannot disturb tfjs' allocations. Pointers are byte
 * offsets into the memory; sizes are element counts.
 */
export interface SimdKernels {
  /** C (m×n) = A·B with A's element (i, p) at a[i*ars + p*acs] and B row-major k×n. */
  gemm(a: number, ars: number, acs: number, b: number, c: number, m: number, n: number, k: number): void;
  /** dst (rows×cols, row-major) = the matrix whose element (r, s) is src[r*rs + s*cs]. */
  pack(src: number, rs: number, cs: number, dst: number, rows: number, cols: number): void;
  /** out[j] = Σ_r x[r*cols + j]. */
  sum_cols(x: number, out: number, rows: number, cols: number): void;
  /** out[r] = Σ_j x[r*cols + j]. */
  sum_rows(x: number, out: number, rows: number, cols: number): void;
}

/** The parts of tfjs-backend-wasm's BackendWasm the SIMD kernels use. */
export interface SimdBackend {
  wasm: {
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    wasmMemory?: WebAssembly.Memory;
    asm?: { memory?: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
}

const instances = new WeakMap<object, SimdKernels>();

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Instantiates the kernels on `backend`'s memory (asynchronously: browsers refuse to compile
 * modules over 4 KB synchronously on the main thread). Returns false, leaving tfjs' kernels in
 * charge, when the backend does not look like tfjs-backend-wasm 4.x.
 */
export async function prepareWasmSimd(backend: unknown): Promise<boolean> {
  const wasmBackend = backend as SimdBackend;
  if (instances.has(wasmBackend)) return true;
  // tfjs' threaded build keeps its (shared) memory on the module; the other exports it.
  const memory = wasmBackend.wasm?.wasmMemory ?? wasmBackend.wasm?.asm?.memory;
  if (!memory || typeof wasmBackend.wasm._malloc !== 'function' || !wasmBackend.dataIdMap) return false;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const module = await WebAssembly.compile(decode(shared ? SIMD_WASM_SHARED : SIMD_WASM_PLAIN));
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  instances.set(wasmBackend, instance.exports as unknown as SimdKernels);
  return true;
}

/** The kernels prepared for `backend`, or undefined (then tfjs' own kernels run). */
export function simdKernels(backend: unknown): SimdKernels | undefined {
  return instances.get(backend as object);
}

/** The byte offset of a tensor's data in the backend's memory. */
export function heapOffset(backend: SimdBackend, dataId: object): number {
  return backend.dataIdMap.get(dataId)?.memoryOffset as number;
}
