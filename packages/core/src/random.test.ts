import { describe, expect, it } from 'vitest';
import { ValueError } from './errors.js';
import { defaultRng, Rng, setSeed, toRng } from './random.js';

const N = 100_000;

function draws(rng: Rng, n = 8): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

function meanVariance(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, variance };
}

describe('Rng streams', () => {
  it('the same seed gives the same sequence; another seed another one', () => {
    expect(draws(new Rng(42), 16)).toEqual(draws(new Rng(42), 16));
    expect(draws(new Rng(42))).not.toEqual(draws(new Rng(43)));
  });

  it('matches the reference xoshiro128** output for a given state', () => {
    // From the reference C implementation (prng.di.unimi.it/xoshiro128starstar.c) started at
    // s = {1, 2, 3, 4}: pins the generator so seeds reproduce across releases.
    const rng = Rng.fromState({ seed: 0, words: [1, 2, 3, 4], spareNormal: null });
    expect(draws(rng, 6)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('folds large seeds instead of truncating them, and rejects non-finite ones', () => {
    expect(draws(new Rng(2 ** 40))).not.toEqual(draws(new Rng(0)));
    expect(() => new Rng(Number.NaN)).toThrow(ValueError);
    expect(() => new Rng(Number.POSITIVE_INFINITY)).toThrow(
      /Rng.constructor: the seed is not a finite number/,
    );
  });

  it('split() streams differ from the parent and from each other, and advance the parent', () => {
    const parent = new Rng(7);
    const a = parent.split();
    const b = parent.split();
    const untouched = new Rng(7);
    const parentNext = draws(parent);
    expect(parentNext).not.toEqual(draws(untouched)); // the parent moved on
    const [sa, sb] = [draws(a), draws(b)];
    expect(sa).not.toEqual(sb);
    expect(sa).not.toEqual(parentNext);
    expect(sb).not.toEqual(parentNext);
    // Splitting is deterministic too.
    const again = new Rng(7);
    expect(draws(again.split())).toEqual(sa);
  });

  it('fork(label) does not advance the parent and depends only on seed and label', () => {
    const parent = new Rng(7);
    const before = parent.getState();
    const k1 = parent.fork('dense_1/kernel');
    expect(parent.getState()).toEqual(before);
    expect(draws(parent)).toEqual(draws(new Rng(7)));
    // Forking after draws gives the same stream: order of construction does not matter.
    const k1Again = parent.fork('dense_1/kernel');
    const s1 = draws(k1);
    expect(draws(k1Again)).toEqual(s1);
    const s2 = draws(parent.fork('dense_2/kernel'));
    expect(s2).not.toEqual(s1);
    expect(s1).not.toEqual(draws(new Rng(7)));
    expect(draws(new Rng(8).fork('dense_1/kernel'))).not.toEqual(s1);
  });
});

describe('Rng state', () => {
  it('getState/setState resume exactly, including the cached second normal', () => {
    const rng = new Rng(3);
    rng.normal(); // leaves the Box–Muller spare cached
    const state = JSON.parse(JSON.stringify(rng.getState()));
    expect(state.spareNormal).not.toBeNull();
    const expected = [rng.normal(), rng.normal(), rng.float(), rng.int(10), rng.normal()];

    const restored = new Rng(3).setState(state);
    expect([
      restored.normal(),
      restored.normal(),
      restored.float(),
      restored.int(10),
      restored.normal(),
    ]).toEqual(expected);
    const fromState = Rng.fromState(state);
    expect(fromState.seed).toBe(rng.seed);
    expect([
      fromState.normal(),
      fromState.normal(),
      fromState.float(),
      fromState.int(10),
      fromState.normal(),
    ]).toEqual(expected);
  });

  it('setState refuses a state from another seed and leaves the generator untouched', () => {
    const rng = new Rng(1);
    const before = rng.getState();
    expect(() => rng.setState(new Rng(2).getState())).toThrow(/Rng.setState: .*Use Rng.fromState/);
    expect(rng.getState()).toEqual(before);
  });
});

describe('Rng distributions', () => {
  it('int(n) stays in [0, n) and is uniform (chi-square, 1e5 draws)', () => {
    const rng = new Rng(11);
    const n = 7;
    const counts = new Array<number>(n).fill(0);
    let outside = 0;
    for (let i = 0; i < N; i++) {
      const k = rng.int(n);
      if (!(Number.isInteger(k) && k >= 0 && k < n)) outside++;
      else counts[k] = (counts[k] as number) + 1;
    }
    expect(outside).toBe(0);
    const expected = N / n;
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.9); // chi-square with 6 degrees of freedom, p = 1e-4
  });

  it('int(n) rejects the biased top of the 32-bit range instead of folding it', () => {
    // 2^32 mod 3 = 1, so 2^32 - 1 lies in the biased tail and must be redrawn.
    class Scripted extends Rng {
      values = [2 ** 32 - 1, 5];
      override nextUint32(): number {
        return this.values.shift() as number;
      }
    }
    const rng = new Scripted(0);
    expect(rng.int(3)).toBe(2);
    expect(rng.values).toEqual([]);
  });

  it('int(n) rejects n that is not a positive integer up to 2^32', () => {
    const rng = new Rng(0);
    for (const n of [0, -1, 1.5, Number.NaN, 2 ** 32 + 1]) {
      expect(() => rng.int(n)).toThrow(ValueError);
    }
    expect(rng.int(1)).toBe(0);
    expect(rng.int(2 ** 32)).toBeLessThan(2 ** 32);
  });

  it('uniform has mean 1/2 and variance 1/12 within 5 standard errors (1e5 draws)', () => {
    const rng = new Rng(5);
    const values = Array.from({ length: N }, () => rng.uniform());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const { mean, variance } = meanVariance(values);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / N));
  });

  it('uniform(low, high) scales into [low, high)', () => {
    const rng = new Rng(5);
    const values = Array.from({ length: 10_000 }, () => rng.uniform(-3, -1));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...values)).toBeLessThan(-1);
    expect(Math.abs(meanVariance(values).mean + 2)).toBeLessThan(0.05);
  });

  it('normal has mean 0 and variance 1 within 5 standard errors (1e5 draws)', () => {
    const rng = new Rng(9);
    const { mean, variance } = meanVariance(Array.from({ length: N }, () => rng.normal()));
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(1 / N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
  });

  it('normal(mean, std) shifts and scales', () => {
    const rng = new Rng(9);
    const { mean, variance } = meanVariance(Array.from({ length: N }, () => rng.normal(10, 3)));
    expect(Math.abs(mean - 10)).toBeLessThan(5 * Math.sqrt(9 / N));
    expect(Math.abs(variance - 9)).toBeLessThan(5 * 9 * Math.sqrt(2 / N));
  });

  it('truncatedNormal stays within two standard deviations', () => {
    const rng = new Rng(2);
    const values = Array.from({ length: 10_000 }, () => rng.truncatedNormal(1, 0.5));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(2);
    expect(Math.abs(meanVariance(values).mean - 1)).toBeLessThan(0.02);
  });

  it('fillUniform and fillNormal fill every slot from the stream', () => {
    const a = new Rng(4).fillUniform(new Float32Array(5), 2, 3);
    expect([...a].every((v) => v >= 2 && v <= 3)).toBe(true);
    const reference = new Rng(4);
    expect([...a]).toEqual(Array.from({ length: 5 }, () => Math.fround(reference.uniform(2, 3))));
    const b = new Rng(4).fillNormal(new Float32Array(6), 0, 1);
    const referenceNormal = new Rng(4);
    expect([...b]).toEqual(Array.from({ length: 6 }, () => Math.fround(referenceNormal.normal())));
  });
});

describe('permutations', () => {
  it('permutation(n) is a permutation of 0..n-1 and depends on the seed', () => {
    const p = new Rng(1).permutation(1000);
    expect(p).toBeInstanceOf(Int32Array);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...new Rng(1).permutation(1000)]).toEqual([...p]);
    expect([...new Rng(2).permutation(1000)]).not.toEqual([...p]);
    expect([...new Rng(1).permutation(0)]).toEqual([]);
    expect([...new Rng(1).permutation(1)]).toEqual([0]);
  });

  it('every position is equally likely (first element over 1e4 permutations of 5)', () => {
    const rng = new Rng(8);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 10_000; i++) {
      const first = rng.permutation(5)[0] as number;
      counts[first] = (counts[first] as number) + 1;
    }
    const chi2 = counts.reduce((acc, c) => acc + (c - 2000) ** 2 / 2000, 0);
    expect(chi2).toBeLessThan(23.5); // 4 degrees of freedom, p = 1e-4
  });

  it('shuffle permutes in place and keeps every element', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const shuffled = new Rng(3).shuffle(items);
    expect(shuffled).toBe(items);
    expect([...items].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(new Rng(3).shuffle(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])).toEqual(items);
  });
});

describe('default generator', () => {
  it('setSeed resets it; toRng accepts a seed, an Rng or nothing', () => {
    setSeed(123);
    const expected = draws(new Rng(123).split());
    expect(draws(toRng())).toEqual(expected); // no argument: split from the default generator
    expect(defaultRng().getState()).not.toEqual(new Rng(123).getState()); // which advanced it
    const rng = new Rng(5);
    expect(toRng(rng)).toBe(rng);
    expect(toRng(5).seed).toBe(rng.seed);
    setSeed(0);
  });

  it('nextSeed draws the next 32-bit integer of the stream', () => {
    const rng = new Rng(1);
    const [a, b] = [rng.nextSeed(), rng.nextSeed()];
    expect([a, b]).toEqual(draws(new Rng(1), 2));
    expect(Number.isInteger(a) && a >= 0 && a < 2 ** 32).toBe(true);
  });
});
