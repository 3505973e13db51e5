import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../index.js';
import { prepareWasmSimd } from './wasm-simd.js';
import { SIMD_SOURCE_SHA256, SIMD_WASM_PLAIN, SIMD_WASM_SHARED } from './wasm-simd-binary.js';

/** A fixed, irregular fill so every element of a product differs. */
function values(shape: number[], seed: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from(
    { length: n },
    (_, i) => Math.sin(i * 0.61 + seed) * 2 + Math.cos(i * 0.13 * seed),
  );
}

/** op(a)·op(b) in float64 with numpy's broadcasting of the batch axes. */
function reference(
  a: Float32Array,
  aShape: number[],
  b: Float32Array,
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): { shape: number[]; values: Float64Array } {
  const [ar, ac] = aShape.slice(-2) as [number, number];
  const [br, bc] = bShape.slice(-2) as [number, number];
  const [m, k, n] = [transposeA ? ac : ar, transposeA ? ar : ac, transposeB ? br : bc];
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2));
  const out = new Float64Array(outer.reduce((x, y) => x * y, 1) * m * n);
  const flatIndex = (dims: number[], index: number[]) => {
    const padded = [...new Array(index.length - dims.length).fill(1), ...dims];
    return padded.reduce((acc, d, i) => acc * d + (d === 1 ? 0 : (index[i] as number)), 0);
  };
  const batches = outer.reduce((x, y) => x * y, 1);
  for (let batch = 0; batch < batches; batch++) {
    const index: number[] = [];
    let rest = batch;
    for (let d = outer.length - 1; d >= 0; d--) {
      index.unshift(rest % (outer[d] as number));
      rest = Math.floor(rest / (outer[d] as number));
    }
    const ab = flatIndex(aShape.slice(0, -2), index) * ar * ac;
    const bb = flatIndex(bShape.slice(0, -2), index) * br * bc;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const x = a[ab + (transposeA ? p * ac + i : i * ac + p)] as number;
          const y = b[bb + (transposeB ? j * bc + p : p * bc + j)] as number;
          s += x * y;
        }
        out[batch * m * n + i * n + j] = s;
      }
  }
  return { shape: [...outer, m, n], values: out };
}

const cases: { a: number[]; b: number[]; transposeA?: boolean; transposeB?: boolean }[] = [
  { a: [64, 32, 16], b: [64, 16, 32] }, // attention-sized, every path of the 4×8 block
  { a: [64, 32, 16], b: [64, 32, 16], transposeB: true },
  { a: [3, 7, 5], b: [3, 7, 13], transposeA: true }, // rows and columns left over
  { a: [2, 9, 6], b: [2, 11, 9], transposeA: true, transposeB: true },
  { a: [2, 1, 5, 4], b: [1, 3, 4, 10] }, // batch axes broadcast both ways
  { a: [4, 6], b: [3, 6, 8] }, // an unbatched a against a batch of b
  { a: [2, 3, 5, 4], b: [5, 6], transposeA: true },
  { a: [40, 33], b: [40, 17], transposeA: true }, // unbatched with a flag: still this kernel
  { a: [17, 40], b: [9, 40], transposeB: true },
  { a: [1, 12, 8], b: [1, 8, 9] }, // unbatched, untransposed: tfjs' XNNPACK path
  { a: [1024, 64], b: [1024, 256], transposeA: true }, // 2^24 multiply-adds: transposed, then XNNPACK
  { a: [256, 1024], b: [64, 1024], transposeB: true },
  { a: [2, 4, 0], b: [2, 0, 3] }, // k = 0: zeros
  { a: [0, 4, 5], b: [0, 5, 3] }, // no batches
];

describe('wasm BatchMatMul through the SIMD module', () => {
  it.each(cases)(
    'matches a float64 product: %o',
    async ({ a, b, transposeA = false, transposeB = false }) => {
      await useBackend('wasm', { threads: 1 });
      expect(await prepareWasmSimd(tf.backend()), 'the module runs on the active backend').toBe(true);
      const [av, bv] = [values(a, 1), values(b, 2)];
      const expected = reference(av, a, bv, b, transposeA, transposeB);
      const before = tf.memory();
      const x = tf.tensor(av, a);
      const y = tf.tensor(bv, b);
      const z = tf.matMul(x, y, transposeA, transposeB);
      expect(z.shape).toEqual(expected.shape);
      const got = await z.data();
      const k = transposeA ? (a.at(-2) as number) : (a.at(-1) as number);
      for (let i = 0; i < got.length; i++) {
        const e = expected.values[i] as number;
        expect(Math.abs((got[i] as number) - e)).toBeLessThanOrEqual(1e-5 * k * 4 + 1e-6 * Math.abs(e));
      }
      tf.dispose([x, y, z]);
      // Nothing kept: no tensor, no heap buffer (the packing scratch is freed).
      expect(tf.memory().numTensors).toBe(before.numTensors);
      expect(tf.memory().numBytes).toBe(before.numBytes);
    },
  );

  it('gives the same gradients as the cpu backend', async () => {
    const shapes = { q: [4, 2, 8, 16], k: [4, 2, 8, 16] };
    const attention = (q: tf.Tensor, k: tf.Tensor) =>
      tf.sum(tf.square(tf.matMul(tf.matMul(q, k, false, true), k)));
    const run = () =>
      tf.tidy(() => {
        const q = tf.tensor(values(shapes.q, 3), shapes.q);
        const k = tf.tensor(values(shapes.k, 4), shapes.k);
        return tf
          .grads(attention)([q, k])
          .map((g) => g.dataSync());
      });
    await useBackend('cpu');
    const cpu = run();
    await useBackend('wasm', { threads: 1 });
    const wasm = run();
    for (const [i, g] of wasm.entries()) {
      const c = cpu[i] as Float32Array;
      const scale = Math.max(...c.map(Math.abs));
      for (let j = 0; j < g.length; j++)
        expect(Math.abs((g[j] as number) - (c[j] as number))).toBeLessThan(1e-5 * scale);
    }
  });

  it('ships modules compiled from the simd.c in the repository, importing only memory', () => {
    const source = readFileSync(new URL('../../wasm/simd.c', import.meta.url));
    expect(
      createHash('sha256').update(source).digest('hex'),
      'run packages/core/scripts/build-wasm-simd.mjs',
    ).toBe(SIMD_SOURCE_SHA256);
    for (const [encoded, shared] of [
      [SIMD_WASM_PLAIN, false],
      [SIMD_WASM_SHARED, true],
    ] as const) {
      const module = new WebAssembly.Module(Buffer.from(encoded, 'base64'));
      expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual([
        'gemm',
        'pack',
        'sum_cols',
        'sum_rows',
      ]);
      // A shared-memory module cannot link to a plain memory, and the reverse.
      const memory = new WebAssembly.Memory(
        shared ? { initial: 2, maximum: 65536, shared: true } : { initial: 2 },
      );
      expect(() => new WebAssembly.Instance(module, { env: { memory } })).not.toThrow();
    }
  });
});
