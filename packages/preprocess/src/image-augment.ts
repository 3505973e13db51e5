import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, type Rng, toRng, ValueError } from '@weft/core';
import { checkImages, checkSize, floatBuffer, type ImageSize } from './image-ops.js';

/**
 * Seeded random image transforms for training-time augmentation, on NHWC tensors and any
 * backend. Each image of a batch gets its own random choice, drawn in JS from the given `Rng`
 * (or seed) in image order, so the same seed gives the same augmentation on every backend; pass
 * one `Rng` across epochs to get new choices each call. All are synchronous and return a new
 * float32 tensor the caller owns; the input is never disposed.
 */

export interface RandomCropOptions {
  /** Zero padding added on every side before cropping (torchvision's `RandomCrop(padding=…)`; default 0). */
  padding?: number;
}

/** A `size` window of each image at a uniformly random position (after optional zero padding). */
export function randomCrop(
  x: tf.Tensor4D,
  size: ImageSize,
  rng: Rng | number,
  options: RandomCropOptions = {},
): tf.Tensor4D {
  const where = 'randomCrop';
  checkImages(x, where);
  const padding = options.padding ?? 0;
  if (!(Number.isInteger(padding) && padding >= 0)) {
    throw new ValueError({ where, problem: 'padding is not a non-negative integer', received: { padding } });
  }
  const [n, height, width] = x.shape;
  const padded = [n, height + 2 * padding, width + 2 * padding, x.shape[3]] as const;
  const [h, w] = checkSize(size, where, { shape: padded } as unknown as tf.Tensor4D);
  const random = toRng(rng);
  const offsets = Array.from({ length: n }, () => [
    random.int(padded[1] - h + 1),
    random.int(padded[2] - w + 1),
  ]);
  return tf.tidy(() => {
    let f: tf.Tensor4D = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
    if (padding > 0)
      f = tf.pad(f, [
        [0, 0],
        [padding, padding],
        [padding, padding],
        [0, 0],
      ]);
    if (n === 0) return tf.slice(f, [0, 0, 0, 0], [0, h, w, -1]);
    const crops = offsets.map(([top, left], i) =>
      tf.slice(f, [i, top as number, left as number, 0], [1, h, w, -1]),
    );
    return tf.concat(crops, 0);
  });
}

export interface RandomFlipOptions {
  /** Probability of mirroring an image left–right (default 0.5). */
  horizontal?: number;
  /** Probability of mirroring an image top–bottom (default 0). */
  vertical?: number;
}

/** Mirrors each image left–right and/or top–bottom with the given probabilities. */
export function randomFlip(x: tf.Tensor4D, rng: Rng | number, options: RandomFlipOptions = {}): tf.Tensor4D {
  const where = 'randomFlip';
  checkImages(x, where);
  const horizontal = options.horizontal ?? 0.5;
  const vertical = options.vertical ?? 0;
  for (const [name, p] of [
    ['horizontal', horizontal],
    ['vertical', vertical],
  ] as const) {
    if (!(p >= 0 && p <= 1))
      throw new ConfigError({ where, problem: `${name} is not a probability`, received: { [name]: p } });
  }
  const random = toRng(rng);
  const n = x.shape[0];
  const flips = Array.from({ length: n }, () => [random.float() < horizontal, random.float() < vertical]);
  return tf.tidy(() => {
    let out: tf.Tensor4D = x.dtype === 'float32' ? tf.clone(x) : tf.cast(x, 'float32');
    for (const [axis, which] of [
      [2, 0],
      [1, 1],
    ] as const) {
      const chosen = flips.map((f) => f[which] as boolean);
      if (!chosen.some(Boolean)) continue;
      // Pick per image between the batch and its mirror: gather from [out; mirrored].
      const indices = chosen.map((flip, i) => (flip ? n + i : i));
      out = tf.gather(tf.concat([out, tf.reverse(out, axis)], 0), tf.tensor1d(indices, 'int32'));
    }
    return out;
  });
}

/** Rotates each (square) image by a uniformly random number of quarter turns (0–3), as `rotate90`. */
export function randomRotate90(x: tf.Tensor4D, rng: Rng | number): tf.Tensor4D {
  const where = 'randomRotate90';
  checkImages(x, where);
  const [n, h, w] = x.shape;
  if (h !== w) {
    throw new ValueError({
      where,
      problem: 'the images are not square, so quarter turns would change their shape',
      received: { shape: x.shape },
      fix: 'Crop to a square first (centerCrop or randomCrop)',
    });
  }
  const random = toRng(rng);
  const turns = Array.from({ length: n }, () => random.int(4));
  return tf.tidy(() => {
    const f = floatBuffer(x);
    const swapped = tf.transpose(f, [0, 2, 1, 3]);
    // All four rotations side by side, then each image's own: index turns·n + i.
    const all = tf.concat([f, tf.reverse(swapped, 1), tf.reverse(f, [1, 2]), tf.reverse(swapped, 2)], 0);
    return tf.gather(
      all,
      tf.tensor1d(
        turns.map((k, i) => k * n + i),
        'int32',
      ),
    );
  });
}

export interface AugmentOptions {
  /** Random crop of this size (with optional zero `padding`), applied first. */
  crop?: { size: ImageSize; padding?: number };
  /** Random flips (see {@link randomFlip}). */
  flip?: RandomFlipOptions;
  /** Random quarter turns (square images). */
  rotate90?: boolean;
}

/**
 * A training-time augmentation in a fixed order — crop, flips, quarter turns — each drawing from
 * `rng` in turn. `augmentImages(x, options, seed)` twice gives the same tensor; one `Rng` passed
 * on every batch gives fresh, reproducible choices.
 */
export function augmentImages(x: tf.Tensor4D, options: AugmentOptions, rng: Rng | number): tf.Tensor4D {
  checkImages(x, 'augmentImages');
  const random = toRng(rng);
  return tf.tidy(() => {
    let out = x;
    if (options.crop)
      out = randomCrop(out, options.crop.size, random, { padding: options.crop.padding ?? 0 });
    if (options.flip) out = randomFlip(out, random, options.flip);
    if (options.rotate90) out = randomRotate90(out, random);
    return out === x ? (x.dtype === 'float32' ? tf.clone(x) : tf.cast(x, 'float32')) : out;
  });
}
