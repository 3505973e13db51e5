import { EPSILON } from './options.js';
import { defineRowLoss } from './row-loss-kernel.js';

// The clip bounds as tfjs stores them (float32 scalars), so the clipped region matches the ops'.
const LOW = Math.fround(EPSILON);
const HIGH = Math.fround(1 - EPSILON);
const clip = (p: number) => Math.min(Math.max(p, LOW), HIGH);
/** clipByValue's gradient passes where the value lies within the bounds (inclusive), as in tfjs. */
const inside = (p: number) => (p >= LOW && p <= HIGH ? 1 : 0);

/** −Σ_c y_c·log clip(p_c) per row: categorical cross-entropy on probabilities. */
export const fusedCategoricalRows = defineRowLoss({
  name: 'WeftCategoricalCrossentropyRows',
  value(t, p, start, u) {
    let sum = 0;
    for (let j = start; j < start + u; j++) sum += (t[j] as number) * Math.log(clip(p[j] as number));
    return -sum;
  },
  gradient(t, p, start, u, dy, dt, dp) {
    for (let j = start; j < start + u; j++) {
      const pj = p[j] as number;
      const q = clip(pj);
      dt[j] = -dy * Math.log(q);
      dp[j] = (-dy * (t[j] as number) * inside(pj)) / q;
    }
  },
});

/** mean_j −(y·log p + (1 − y)·log(1 − p)) per row, p clipped: binary cross-entropy on probabilities. */
export const fusedBinaryRows = defineRowLoss({
  name: 'WeftBinaryCrossentropyRows',
  value(t, p, start, u) {
    let sum = 0;
    for (let j = start; j < start + u; j++) {
      const y = t[j] as number;
      const q = clip(p[j] as number);
      sum += y * Math.log(q) + (1 - y) * Math.log(1 - q);
    }
    return -sum / u;
  },
  gradient(t, p, start, u, dy, dt, dp) {
    const scale = dy / u;
    for (let j = start; j < start + u; j++) {
      const y = t[j] as number;
      const pj = p[j] as number;
      const q = clip(pj);
      dt[j] = scale * (Math.log(1 - q) - Math.log(q));
      dp[j] = scale * inside(pj) * ((1 - y) / (1 - q) - y / q);
    }
  },
});
