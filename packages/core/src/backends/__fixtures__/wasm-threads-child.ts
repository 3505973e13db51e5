// Child process for wasm-threads.test.ts: activates wasm with THREADS threads, multiplies two
// fixed matrices (through XNNPACK) and a batched, transposed pair (through Weft's SIMD module on
// the threaded build's shared memory) and prints what it saw as one JSON line, then ends without process.exit (a
// thread pool that kept Node alive would hang here).
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../index.js';
import { prepareWasmSimd } from '../wasm-simd.js';

const threads = Number(process.env.THREADS);
const info = await useBackend('wasm', { threads });
const n = 192;
const a = tf.tensor2d(
  Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)),
  [n, n],
);
const b = tf.tensor2d(
  Float32Array.from({ length: n * n }, (_, i) => Math.cos(i * 0.5)),
  [n, n],
);
const product = tf.matMul(a, b);
const batched = tf.matMul(tf.reshape(a, [12, 48, 64]), tf.reshape(b, [12, 48, 64]), false, true);
console.log(
  JSON.stringify({
    reason: info.reason,
    simd: await prepareWasmSimd(tf.backend()),
    values: Array.from(product.dataSync().slice(0, 64)),
    batched: Array.from(batched.dataSync().slice(-64)),
  }),
);
