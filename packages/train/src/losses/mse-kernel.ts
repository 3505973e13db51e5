import { defineRowLoss } from './row-loss-kernel.js';

/** Per-row mean of (yTrue − yPred)², `[n, u]` → `[n]`, as fused kernels (see row-loss-kernel.ts). */
export const squaredErrorRows = defineRowLoss({
  name: 'WeftSquaredErrorRows',
  value(t, p, start, u) {
    let sum = 0;
    for (let j = start; j < start + u; j++) {
      const d = (t[j] as number) - (p[j] as number);
      sum += d * d;
    }
    return sum / u;
  },
  gradient(t, p, start, u, dy, dt, dp) {
    const scale = (2 * dy) / u;
    for (let j = start; j < start + u; j++) {
      const g = scale * ((t[j] as number) - (p[j] as number));
      dt[j] = g;
      dp[j] = -g;
    }
  },
});
