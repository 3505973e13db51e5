/**
 * Float32 matrix multiplication, n×n by n×n, for n = 512 and 1024: GFLOP/s (2n³ flops per product).
 * One warm-up product, then `repeats` timed ones, each read back with `await data()` so the time
 * includes the device finishing its work.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { median, report, workloadArgs } from '../measure.js';

const { backend, repeats } = await workloadArgs();
const rng = new Rng(0);
for (const n of [512, 1024]) {
  const a = tf.tensor2d(rng.fillNormal(new Float32Array(n * n)), [n, n]);
  const b = tf.tensor2d(rng.fillNormal(new Float32Array(n * n)), [n, n]);
  const once = async () => {
    const start = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    return (performance.now() - start) / 1000;
  };
  await once();
  const samples: number[] = [];
  for (let i = 0; i < Math.max(repeats, 3); i++) samples.push(await once());
  const seconds = median(samples);
  report({
    workload: `matmul-${n}`,
    backend,
    seconds,
    samples,
    figures: { gflops: (2 * n ** 3) / seconds / 1e9 },
  });
  tf.dispose([a, b]);
}
