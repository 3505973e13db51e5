import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@weft/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../src/index.js';

// The comparison logic is the same on every backend (values are read with `await data()`, which
// describe-backends.test.ts and the conformance suite exercise everywhere): cpu is enough here.
beforeAll(async () => {
  await useBackend('cpu');
});

describe('expectClose', () => {
  it('passes within atol + rtol·|expected| and fails just beyond it', async () => {
    await expectClose([1.049], [1], { atol: 0.03, rtol: 0.02 }); // |diff| = 0.049 ≤ 0.03 + 0.02
    await expect(expectClose([1.051], [1], { atol: 0.03, rtol: 0.02 })).rejects.toThrow(
      'expectClose: 1 of 1 values differ beyond atol=0.03, rtol=0.02. Worst at flat index 0: received 1.051, expected 1.',
    );
    // rtol scales with the expected value, not the actual one.
    await expectClose([100.9], [100], { atol: 0, rtol: 0.01 });
    await expect(expectClose([100], [100.9], { atol: 0, rtol: 0.0089 })).rejects.toThrow(/differ beyond/);
  });

  it('defaults to 1e-5 for both tolerances', async () => {
    await expectClose(1 + 1.9e-5, 1);
    await expect(expectClose(1 + 2.1e-5, 1)).rejects.toThrow(/atol=0.00001, rtol=0.00001/);
  });

  it('names the worst element and counts every failure', async () => {
    await expect(expectClose([1, 5, 3, 9], [1, 2, 3, 4])).rejects.toThrow(
      /2 of 4 values differ.*Worst at flat index 3: received 9, expected 4\./,
    );
  });

  it('NaN matches only NaN', async () => {
    await expectClose([Number.NaN, 1], [Number.NaN, 1]);
    await expect(expectClose([Number.NaN], [1])).rejects.toThrow(/received NaN, expected 1/);
    await expect(expectClose([1], [Number.NaN])).rejects.toThrow(/received 1, expected NaN/);
    // A NaN mismatch is the worst failure, even after a finite one.
    await expect(expectClose([5, Number.NaN], [1, 1], { atol: 0 })).rejects.toThrow(
      /flat index 1: received NaN/,
    );
  });

  it('infinities must match exactly', async () => {
    await expectClose([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], [Infinity, -Infinity]);
    await expect(expectClose([Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY])).rejects.toThrow(
      /differ/,
    );
    await expect(expectClose([1e30], [Number.POSITIVE_INFINITY], { rtol: 1 })).rejects.toThrow(/differ/);
  });

  it('compares shapes where both sides have one', async () => {
    const t = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    try {
      await expectClose(t, [
        [1, 2, 3],
        [4, 5, 6],
      ]);
      await expectClose(t, Float32Array.of(1, 2, 3, 4, 5, 6)); // flat values: size only
      await expectClose(t, [1, 2, 3, 4, 5, 6]);
      await expect(
        expectClose(t, [
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
      ).rejects.toThrow('expectClose: shapes differ. Expected [3,2], received [2,3].');
      const flat = tf.reshape(t, [6]);
      await expect(expectClose(flat, t)).rejects.toThrow(/shapes differ/);
      flat.dispose();
      await expect(expectClose(t, [1, 2, 3])).rejects.toThrow(
        'expectClose: sizes differ. Expected 3 values, received 6.',
      );
    } finally {
      t.dispose();
    }
  });

  it('reads nested typed arrays and rejects ragged expectations', async () => {
    await expectClose(
      [Float32Array.of(1, 2), Float32Array.of(3, 4)],
      [
        [1, 2],
        [3, 4],
      ],
    );
    await expect(expectClose([1, 2, 3], [[1, 2], [3]] as number[][])).rejects.toThrow(/ragged/);
  });

  it('does not dispose or leak the tensors it reads', async () => {
    const a = tf.ones([3]);
    const before = tf.memory().numTensors;
    await expectClose(a, a);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.isDisposed).toBe(false);
    a.dispose();
  });
});
