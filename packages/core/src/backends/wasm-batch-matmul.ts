import * as tf from '@tensorflow/tfjs-core';
import { heapOffset, type SimdBackend, simdKernels } from './wasm-simd.js';

/**
 * BatchMatMul for tfjs-backend-wasm 4.22 through Weft's own SIMD product (wasm/simd.c), for the
 * products tfjs runs as a plain scalar loop: batched ones and those with `transposeA`/`transposeB`.
 * Unbatched, untransposed products stay with tfjs (XNNPACK, which also uses the thread pool), and
 * so do large unbatched ones, transposed explicitly first (LARGE_PRODUCT).
 *
 * Measured on the 2-core benchmark machine, one thread, [64, 32, 32] × [64, 32, 32] (a small
 * Transformer's attention): tfjs 1.7–3.0 ms, this kernel 0.24–0.56 ms; 1024×64 by 1024×64 with
 * transposeA (a weight gradient): 13.4 ms against 0.41 ms.
 */

interface WasmBackend extends SimdBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
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
 * Unbatched products from this many multiply-adds up go to XNNPACK even when transposed (after an
 * explicit transpose): its packed, cache-blocked kernels, on every thread, beat this module's
 * one-thread loop there. Measured, 1024×64 by 1024×2000 with transposeA (a 2000-word output
 * layer's weight gradient): 19.3 ms here against 11.1 ms transposing first on one thread (17.1
 * against 6.5 on two); at 8–13 M multiply-adds (1024×128·128×64, 64×1600·1600×128) this module is
 * as fast or faster.
 */
const LARGE_PRODUCT = 1 << 24;

/** Swaps the last two axes of `x` with tfjs' own Transpose kernel. */
function swapLast(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  const perm = x.shape.map((_, i) => i);
  perm.splice(-2, 2, perm.length - 1, perm.length - 2);
  const transpose = tf.getKernel('Transpose', 'wasm') as tf.KernelConfig;
  return transpose.kernelFunc({
    inputs: { x },
    backend: backend as tf.KernelBackend,
    attrs: { perm },
  }) as tf.TensorInfo;
}

/** BatchMatMul on wasm: Weft's SIMD product where tfjs would run its scalar loop, else tfjs' own. */
export function batchMatMul(
  args: Parameters<tf.KernelFunc>[0],
  original: tf.KernelFunc,
): ReturnType<tf.KernelFunc> {
  const fast = batchMatMulThroughGemm(args);
  if (fast) return fast;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const backend = args.backend as unknown as { disposeData(dataId: object): void };
  if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
  // A large unbatched product with flags: transpose explicitly so XNNPACK takes it.
  const plainA = transposeA ? swapLast(a, backend) : a;
  const plainB = transposeB ? swapLast(b, backend) : b;
  try {
    return original({
      ...args,
      inputs: { a: plainA, b: plainB },
      attrs: { transposeA: false, transposeB: false },
    });
  } finally {
    if (plainA !== a) backend.disposeData(plainA.dataId);
    if (plainB !== b) backend.disposeData(plainB.dataId);
  }
}

/**
 * Weft's SIMD product, or null (so the caller runs tfjs' own) for what it leaves to tfjs:
 * non-float32 inputs, unbatched untransposed or large unbatched products, or a backend the module
 * was not prepared for.
 */
export function batchMatMulThroughGemm(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | null {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const backend = args.backend as unknown as WasmBackend;
  const gemm = simdKernels(backend);
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
  if (!batched && m * n * k >= LARGE_PRODUCT) return null;
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const out = backend.makeOutput([...outer, m, n], 'float32');
  const batches = tf.util.sizeFromShape(outer);
  if (batches === 0 || m === 0 || n === 0) return out;

  // Offsets, not views: _malloc below may grow the memory and replace its buffer.
  const offsetOf = (t: tf.TensorInfo) => heapOffset(backend, t.dataId);
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
