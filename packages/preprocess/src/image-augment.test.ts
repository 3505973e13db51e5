import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { augmentImages, randomCrop, randomFlip, randomRotate90 } from './image-augment.js';
import { centerCrop, flipHorizontal, rotate90 } from './image-ops.js';

/** n distinct images: image i holds i·1000 + its pixel index, so every crop is identifiable. */
function numbered(n: number, h: number, w: number): tf.Tensor4D {
  return tf.tensor4d(
    Array.from({ length: n * h * w }, (_, k) => Math.floor(k / (h * w)) * 1000 + (k % (h * w))),
    [n, h, w, 1],
  );
}
const EXACT = { atol: 0, rtol: 0 };
const slice = (x: tf.Tensor4D, i: number) => tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;

await describeBackends('image augmentation', () => {
  it('the same seed gives the same augmentation; another seed differs', async () => {
    const x = numbered(8, 6, 6);
    const options = {
      crop: { size: [4, 4] as const, padding: 1 },
      flip: { horizontal: 0.5, vertical: 0.5 },
      rotate90: true,
    };
    const a = augmentImages(x, options, 42);
    const b = augmentImages(x, options, new Rng(42));
    const c = augmentImages(x, options, 43);
    expect(a.shape).toEqual([8, 4, 4, 1]);
    await expectClose(a, b, EXACT);
    expect(Array.from(await c.data())).not.toEqual(Array.from(await a.data()));
    // One Rng across calls: each call draws new choices, reproducibly.
    const rng = new Rng(5);
    const first = augmentImages(x, options, rng);
    const second = augmentImages(x, options, rng);
    expect(Array.from(await second.data())).not.toEqual(Array.from(await first.data()));
    tf.dispose([x, a, b, c, first, second]);
  });

  it('each image gets a crop of itself, at an offset drawn from the Rng in image order', async () => {
    const x = numbered(5, 5, 6);
    const out = randomCrop(x, [3, 2], 9);
    const rng = new Rng(9);
    for (let i = 0; i < 5; i++) {
      const top = rng.int(3);
      const left = rng.int(5);
      const expected = tf.slice(x, [i, top, left, 0], [1, 3, 2, 1]);
      const got = slice(out, i);
      await expectClose(got, expected, EXACT);
      tf.dispose([expected, got]);
    }
    // With padding the crop may reach into the zero border, never beyond it.
    const padded = randomCrop(x, [5, 6], 3, { padding: 2 });
    const values = await padded.data();
    expect(values.every((v) => v === 0 || (v % 1000 < 30 && v < 5000))).toBe(true);
    tf.dispose([x, out, padded]);
  });

  it('flips and turns each image independently, with the deterministic ops', async () => {
    const x = numbered(16, 4, 4);
    const flipped = randomFlip(x, 11);
    const turned = randomRotate90(x, 12);
    let mirrored = 0;
    const rng = new Rng(12);
    for (let i = 0; i < 16; i++) {
      const one = slice(x, i);
      const mirror = flipHorizontal(one);
      const got = slice(flipped, i);
      const isMirror = Array.from(await got.data()).join() === Array.from(await mirror.data()).join();
      if (!isMirror) await expectClose(got, one, EXACT);
      else mirrored++;
      const turnedRef = rotate90(one, rng.int(4));
      const turnedGot = slice(turned, i);
      await expectClose(turnedGot, turnedRef, EXACT);
      tf.dispose([one, mirror, got, turnedRef, turnedGot]);
    }
    // p = 0.5 over 16 images: some but not all (the seed is fixed, so this cannot flake).
    expect(mirrored).toBeGreaterThan(0);
    expect(mirrored).toBeLessThan(16);
    tf.dispose([x, flipped, turned]);
  });

  it('with nothing random asked for, returns a float32 copy; refuses bad options', async () => {
    const x = numbered(2, 4, 4);
    const same = augmentImages(x, {}, 1);
    expect(same).not.toBe(x);
    await expectClose(same, x, EXACT);
    const never = randomFlip(x, 1, { horizontal: 0 });
    await expectClose(never, x, EXACT);
    const center = centerCrop(x, [4, 4]);
    await expectClose(center, x, EXACT);
    expect(() => randomCrop(x, [5, 5], 1)).toThrow(/larger than the images/);
    expect(() => randomCrop(x, [2, 2], 1, { padding: -1 })).toThrow(ValueError);
    expect(() => randomFlip(x, 1, { vertical: 2 })).toThrow(ConfigError);
    const wide = tf.zeros([1, 2, 3, 1]) as tf.Tensor4D;
    expect(() => randomRotate90(wide, 1)).toThrow(/not square/);
    tf.dispose([x, same, never, center, wide]);
  });
});
