import * as tf from '@tensorflow/tfjs-core';
import { GEMM_WASM_PLAIN, GEMM_WASM_SHARED } from './wasm-gemm-binary.js';

/**
 * BatchMatMul for tfjs-backend-wasm 4.22 through Weft's own SIMD product (wasm/gemm.c), for the
 * products tfjs runs as a plain scalar loop: batched ones and those with `transposeA`/`transposeB`.
 * Unbatched, untransposed products stay with tfjs (XNNPACK, which also uses the thread pool).
 *
 * Measured on the 2-core benchmark machine, one thread, [64, 32, 32] × [64, 32, 32] (a small
 * Transformer's attention): tfjs 1.7–3.0 ms, this kernel 0.24–0.56 ms; 1024×64 by 1024×64 with
 * transposeA (a weight gradient): 13.4 ms against 0.41 ms.
 *
 * The module imports the backend's own memory and works on tensors where they live; it holds no
 * data or stack there (the build script checks), so it cannot disturb tfjs' allocations.
 */

interface GemmExports {
  gemm(a: number, ars: number, acs: number, b: number, c: number, m: number, n: number, k: number): void;
  pack(src: number, rs: number, cs: number, dst: number, rows: number, cols: number): void;
}

/** The parts of tfjs-backend-wasm's BackendWasm this kernel uses. */
interface WasmBackend {
  wasm: {
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    wasmMemory?: WebAssembly.Memory;
    asm?: { memory?: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

const instances = new WeakMap<object, GemmExports>();

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The memory of a tfjs wasm backend: its threaded build keeps it on the module, the other exports it. */
function backendMemory(backend: WasmBackend): WebAssembly.Memory | undefined {
  return backend.wasm?.wasmMemory ?? backend.wasm?.asm?.memory;
}

/**
 * Instantiates the product module on `backend`'s memory (asynchronously: browsers refuse to
 * compile modules over 4 KB synchronously on the main thread). Returns false, leaving tfjs'
 * kernel in charge, when the backend does not look like tfjs-backend-wasm 4.x.
 */
export async function prepareWasmGemm(backend: unknown): Promise<boolean> {
  const wasmBackend = backend as WasmBackend;
  if (instances.has(wasmBackend)) return true;
  const memory = backendMemory(wasmBackend);
  if (!memory || typeof wasmBackend.wasm._malloc !== 'function' || !wasmBackend.dataIdMap) return false;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const module = await WebAssembly.compile(decode(shared ? GEMM_WASM_SHARED : GEMM_WASM_PLAIN));
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  instances.set(wasmBackend, instance.exports as unknown as GemmExports);
  return true;
}

/** For each index of the broadcast batch `outer`, the flat batch index of an input with `dims`. */
function batchIndex(outer: number[], dims: number[]): (flat: number) => number {
  const size = tf.util.sizeFromShape(dims);
  if (size === 1) return () => 0;
  if (dims.length === outer.length && dims.every((d, i) => d === outer[i])) return (flat) => flat;
  const padded = [...new Array<number>(outer.length - dims.length).fill(1), ...dims];
  const strides = tf.util.computeStrides(padded);
  return (flat) => {
    let index = 0;
    let rest = flat;
    for (let d = outer.length - 1; d >= 0; d--) {
      const extent = outer[d] as number;
      const at = rest % extent;
      rest = (rest - at) / extent;
      if ((padded[d] as number) !== 1) index += at * (d === outer.length - 1 ? 1 : (strides[d] as number));
    }
    return index;
  };
}

/**
 * The kernel: returns null (so the caller runs tfjs' own) for what it leaves to tfjs: non-float32
 * inputs, unbatched untransposed products, or a backend the module was not prepared for.
 */
export function batchMatMulThroughGemm(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | null {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const backend = args.backend as unknown as WasmBackend;
  const gemm = instances.get(backend);
  if (!gemm || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batched = tf.util.sizeFromShape(outerA) > 1 || tf.util.sizeFromShape(outerB) > 1;
  if (!batched && !transposeA && !transposeB) return null;

  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const n = transposeB ? br : bc;
  if ((transposeB ? bc : br) !== k) {
    throw new Error(
      `Error in matMul: inner shapes (${k}) and (${transposeB ? bc : br}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const out = backend.makeOutput([...outer, m, n], 'float32');
  const batches = tf.util.sizeFromShape(outer);
  if (batches === 0 || m === 0 || n === 0) return out;

  // Offsets, not views: _malloc below may grow the memory and replace its buffer.
  const offsetOf = (t: tf.TensorInfo) => backend.dataIdMap.get(t.dataId)?.memoryOffset as number;
  const [aBase, bBase, cBase] = [offsetOf(a), offsetOf(b), offsetOf(out)];
  const aIndex = batchIndex(outer, outerA);
  const bIndex = batchIndex(outer, outerB);
  // The product wants B row-major (k×n); a transposed B is packed into scratch once per batch.
  const scratch = transposeB && k > 0 ? backend.wasm._malloc(4 * k * n) : 0;
  try {
    let packedFor = -1;
    for (let batch = 0; batch < batches; batch++) {
      const aAt = aBase + 4 * aIndex(batch) * m * k;
      let bAt = bBase + 4 * bIndex(batch) * k * n;
      if (scratch) {
        if (bIndex(batch) !== packedFor) gemm.pack(bAt, 1, k, scratch, k, n);
        packedFor = bIndex(batch);
        bAt = scratch;
      }
      gemm.gemm(aAt, transposeA ? 1 : k, transposeA ? m : 1, bAt, cBase + 4 * batch * m * n, m, n, k);
    }
  } finally {
    if (scratch) backend.wasm._free(scratch);
  }
  return out;
}
