import type * as tf from '@tensorflow/tfjs-core';

/**
 * The optimizers' update rules as single loops over float32 arrays, for the fused kernels.
 * `inputs` are the variable, its gradient, then its slots; `outputs` the new variable, then the
 * new slots (all the same length). Inputs are only read.
 *
 * Each rule repeats its optimizer's composite ops one for one, in the same order, and rounds
 * every intermediate to float32 (`Math.fround`) as storing each op's result in a tensor does, with
 * constants rounded as tfjs rounds scalars. IEEE float32 +, −, ×, ÷ and √ are exactly rounded
 * whether done in float32 or in float64 then rounded, so the results equal the composite path's.
 * The rounding costs about a third of the loop's time; without it results drift from the ops'
 * by up to ~1e-4 relative where w − update cancels, and cpu/wasm runs would differ from GPU ones.
 */
export type UpdateRule = (inputs: Float32Array[], outputs: Float32Array[], attrs: tf.NamedAttrMap) => void;

const f = Math.fround;

/** SGD: w − g·lr. */
export const sgdRule: UpdateRule = ([w, g], [w1], attrs) => {
  const lr = f(attrs.lr as number);
  for (let i = 0; i < w1!.length; i++) w1![i] = w![i]! - f(g![i]! * lr);
};

/** Momentum: v ← v·μ + g; w − d·lr with d = v, or g + v·μ (Nesterov). */
export const momentumRule: UpdateRule = ([w, g, velocity], [w1, v1], attrs) => {
  const lr = f(attrs.lr as number);
  const mu = f(attrs.momentum as number);
  const nesterov = attrs.nesterov === true;
  for (let i = 0; i < w1!.length; i++) {
    const gi = g![i]!;
    const v = f(f(velocity![i]! * mu) + gi);
    v1![i] = v;
    const direction = nesterov ? f(gi + f(v * mu)) : v;
    w1![i] = w![i]! - f(direction * lr);
  }
};

/**
 * AdamW: m ← m·β₁ + g·(1 − β₁), v ← v·β₂ + g²·(1 − β₂), then
 * w·decay − (m / bias1) / (√(v / bias2) + ε)·lr. `bias1`, `bias2` and `decay` (1 − lr·λ, or 1
 * without weight decay: w·1 is exact, as the composite path's skipped multiply) come from the
 * optimizer, computed in float64.
 */
export const adamwRule: UpdateRule = ([w, g, m, v], [w1, m1, v1], attrs) => {
  const lr = f(attrs.lr as number);
  const beta1 = f(attrs.beta1 as number);
  const beta2 = f(attrs.beta2 as number);
  const rest1 = f(attrs.oneMinusBeta1 as number);
  const rest2 = f(attrs.oneMinusBeta2 as number);
  const bias1 = f(attrs.bias1 as number);
  const bias2 = f(attrs.bias2 as number);
  const decay = f(attrs.decay as number);
  const epsilon = f(attrs.epsilon as number);
  for (let i = 0; i < w1!.length; i++) {
    const gi = g![i]!;
    const mi = f(f(m![i]! * beta1) + f(gi * rest1));
    const vi = f(f(v![i]! * beta2) + f(f(gi * gi) * rest2));
    m1![i] = mi;
    v1![i] = vi;
    const denominator = f(f(Math.sqrt(f(vi / bias2))) + epsilon);
    w1![i] = f(w![i]! * decay) - f(f(f(mi / bias1) / denominator) * lr);
  }
};

/** RMSProp: s ← s·ρ + g²·(1 − ρ), then w − g·lr / √(s + ε). */
export const rmspropRule: UpdateRule = ([w, g, meanSquare], [w1, s1], attrs) => {
  const lr = f(attrs.lr as number);
  const rho = f(attrs.rho as number);
  const rest = f(attrs.oneMinusRho as number);
  const epsilon = f(attrs.epsilon as number);
  for (let i = 0; i < w1!.length; i++) {
    const gi = g![i]!;
    const s = f(f(meanSquare![i]! * rho) + f(f(gi * gi) * rest));
    s1![i] = s;
    w1![i] = w![i]! - f(f(gi * lr) / f(Math.sqrt(f(s + epsilon))));
  }
};
