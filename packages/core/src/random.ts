/**
 * Seeded, splittable random numbers. Every package draws randomness from an {@link Rng}
 * (initializers, shuffles, dropout masks, augmentation) so the same seed gives the same numbers
 * on every run and every backend. The platform's unseeded generator is never used in library code.
 *
 * The generator is xoshiro128** (32-bit state words, fast in JS), seeded through SplitMix32.
 * Streams are derived two ways:
 * - `rng.split()` returns a new independent generator and advances this one (like JAX's split);
 * - `rng.fork(label)` derives a generator from this one's *seed* and a label, without touching
 *   this one's state, so named consumers (layer `dense_1`'s kernel) get the same numbers no
 *   matter in which order they are built.
 */

import { ValueError } from './errors.js';

const UINT32 = 2 ** 32;

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over a string, mixed with a number: used to derive fork seeds from labels. */
function hashLabel(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return splitmix32(h)();
}

/** Serializable generator state, for checkpoints that must resume exactly. */
export interface RngState {
  seed: number;
  words: [number, number, number, number];
  spareNormal: number | null;
}

export class Rng {
  /** The seed this generator was created from (forks derive from it). */
  readonly seed: number;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new ValueError({
        where: 'Rng.constructor',
        problem: 'the seed is not a finite number',
        expected: 'an integer such as 42',
        received: { seed },
        fix: 'Pass a fixed integer seed so runs are reproducible',
      });
    }
    // Fold the full double into 32 bits so seeds like 2**40 still differ from 0.
    this.seed = (Math.trunc(seed) ^ Math.trunc(seed / UINT32)) >>> 0;
    const mix = splitmix32(this.seed);
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 53 bits of randomness. */
  float(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.float();
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > UINT32) {
      throw new ValueError({
        where: 'Rng.int',
        problem: 'n is not a positive integer',
        expected: 'an integer in [1, 2^32]',
        received: { n },
      });
    }
    const limit = UINT32 - (UINT32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Normally distributed float (Box–Muller, caching the second value). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Normal values redrawn until within two standard deviations (Keras' truncated normal). */
  truncatedNormal(mean = 0, std = 1): number {
    for (;;) {
      const z = this.normal();
      if (Math.abs(z) <= 2) return mean + std * z;
    }
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i] as number;
      out[i] = out[j] as number;
      out[j] = tmp;
    }
    return out;
  }

  /** Fills a Float32Array with uniform values in [low, high). */
  fillUniform(out: Float32Array, low = 0, high = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** Fills a Float32Array with normal values. */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** A fresh integer seed drawn from this stream (for APIs that take a number). */
  nextSeed(): number {
    return this.nextUint32();
  }

  /** A new independent generator; advances this one. */
  split(): Rng {
    return new Rng(this.nextUint32() ^ Math.imul(this.nextUint32(), 0x9e3779b1));
  }

  /** A generator derived from this one's seed and a label; does not advance this one. */
  fork(label: string): Rng {
    return new Rng(hashLabel(this.seed, label));
  }

  getState(): RngState {
    return { seed: this.seed, words: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spareNormal };
  }

  setState(state: RngState): this {
    if (state.seed !== this.seed) {
      throw new ValueError({
        where: 'Rng.setState',
        problem: 'the state belongs to a generator with another seed',
        expected: `a state saved from a generator seeded with ${this.seed}`,
        received: { seed: state.seed },
        fix: 'Use Rng.fromState(state) to restore a generator together with its seed',
      });
    }
    [this.s0, this.s1, this.s2, this.s3] = state.words;
    this.spareNormal = state.spareNormal;
    return this;
  }

  /** A generator restored from a saved state. */
  static fromState(state: RngState): Rng {
    return new Rng(state.seed).setState(state);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let globalRng = new Rng(0);

/** Sets the default seed used where a caller passes no seed or Rng. */
export function setSeed(seed: number): void {
  globalRng = new Rng(seed);
}

/** The default generator (seeded with 0 until {@link setSeed} is called). */
export function defaultRng(): Rng {
  return globalRng;
}

/** Accepts a seed, an Rng or nothing, and returns an Rng. */
export function toRng(seedOrRng?: number | Rng): Rng {
  if (seedOrRng instanceof Rng) return seedOrRng;
  if (seedOrRng === undefined) return globalRng.split();
  return new Rng(seedOrRng);
}
