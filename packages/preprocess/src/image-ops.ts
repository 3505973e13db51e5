import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@weft/core';

/**
 * Deterministic image transforms on NHWC tensors (`[images, height, width, channels]`), on any
 * backend. All are synchronous (usable inside `tf.tidy`), never dispose their input, and return
 * a new float32 tensor the caller owns. Random versions for training-time augmentation are in
 * `image-augment.ts`.
 */

export type ImageSize = readonly [height: number, width: number];

/** Throws a ShapeError unless `x` is a 4-D NHWC tensor. */
export function checkImages(x: tf.Tensor, where: string): asserts x is tf.Tensor4D {
  if (typeof x === 'object' && x !== null && x instanceof tf.Tensor && x.rank === 4) return;
  throw new ShapeError({
    where,
    problem: 'the images are not a 4-D NHWC tensor',
    expected: 'shape [images, height, width, channels]',
    received: { shape: (x as { shape?: unknown } | null)?.shape },
    fix: 'Add the batch axis to a single image with tf.expandDims(image, 0)',
  });
}

export function checkSize(size: ImageSize, where: string, within?: tf.Tensor4D): [number, number] {
  const [h, w] = Array.isArray(size) ? size : [];
  if (!(Number.isInteger(h) && Number.isInteger(w) && (h as number) > 0 && (w as number) > 0)) {
    throw new ValueError({
      where,
      problem: 'the size is not [height, width] of positive integers',
      received: { size },
    });
  }
  if (within && ((h as number) > within.shape[1] || (w as number) > within.shape[2])) {
    throw new ValueError({
      where,
      problem: 'the crop is larger than the images',
      expected: `at most [${within.shape[1]}, ${within.shape[2]}]`,
      received: { size, shape: within.shape },
      fix: 'Resize first, or pass padding to randomCrop',
    });
  }
  return [h as number, w as number];
}

const asFloat = (x: tf.Tensor4D): tf.Tensor4D => (x.dtype === 'float32' ? x : tf.cast(x, 'float32'));

/**
 * A float32 copy with a float32 buffer behind it, for ops that transpose. On webgpu, casting
 * int32 to float32 only relabels the int32 buffer, and webgpu's Transpose kernel then fails to
 * compile its shader (tfjs 4.22); an arithmetic op writes a real float32 buffer on every backend.
 */
export const floatBuffer = (x: tf.Tensor4D): tf.Tensor4D => tf.mul(asFloat(x), tf.scalar(1, 'float32'));

/** `x · scale` as float32 (default scale 1/255: bytes 0–255 to 0–1). */
export function imagesToFloat(x: tf.Tensor4D, scale = 1 / 255): tf.Tensor4D {
  checkImages(x, 'imagesToFloat');
  if (!Number.isFinite(scale)) {
    throw new ValueError({
      where: 'imagesToFloat',
      problem: 'the scale is not a finite number',
      received: { scale },
    });
  }
  return tf.tidy(() => tf.mul(asFloat(x), tf.scalar(scale, 'float32')));
}

/**
 * `(x − mean) / std` per channel (torchvision's Normalize, e.g. ImageNet's mean
 * [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225] on 0–1 images). A number applies to every
 * channel; every std must be positive.
 */
export function normalizeImages(
  x: tf.Tensor4D,
  mean: number | readonly number[],
  std: number | readonly number[],
): tf.Tensor4D {
  const where = 'normalizeImages';
  checkImages(x, where);
  const channels = x.shape[3];
  const perChannel = (v: number | readonly number[], name: string) => {
    const values = typeof v === 'number' ? new Array<number>(channels).fill(v) : [...v];
    if (values.length !== channels || !values.every(Number.isFinite)) {
      throw new ValueError({
        where,
        problem: `${name} does not have one finite value per channel`,
        expected: `a number or ${channels} numbers`,
        received: { [name]: v },
      });
    }
    return values;
  };
  const m = perChannel(mean, 'mean');
  const s = perChannel(std, 'std');
  if (s.some((v) => v <= 0))
    throw new ValueError({ where, problem: 'std has a value ≤ 0', received: { std } });
  return tf.tidy(() => tf.div(tf.sub(asFloat(x), tf.tensor1d(m, 'float32')), tf.tensor1d(s, 'float32')));
}

/**
 * Bilinear resize to `size` with half-pixel centres and no antialiasing: the same as PyTorch's
 * `F.interpolate(mode='bilinear', align_corners=False)` and TensorFlow 2's `tf.image.resize`
 * without antialias.
 */
export function resizeImages(x: tf.Tensor4D, size: ImageSize): tf.Tensor4D {
  checkImages(x, 'resizeImages');
  const [h, w] = checkSize(size, 'resizeImages');
  return tf.tidy(() => tf.image.resizeBilinear(asFloat(x), [h, w], false, true));
}

/**
 * The central `size` region. When the margin is odd, the extra row or column is left at the
 * bottom or right (offset = floor((H − h) / 2)).
 */
export function centerCrop(x: tf.Tensor4D, size: ImageSize): tf.Tensor4D {
  checkImages(x, 'centerCrop');
  const [h, w] = checkSize(size, 'centerCrop', x);
  const top = Math.floor((x.shape[1] - h) / 2);
  const left = Math.floor((x.shape[2] - w) / 2);
  return tf.tidy(() => tf.slice(asFloat(x), [0, top, left, 0], [-1, h, w, -1]));
}

/** Mirror images left–right. */
export function flipHorizontal(x: tf.Tensor4D): tf.Tensor4D {
  checkImages(x, 'flipHorizontal');
  return tf.tidy(() => tf.reverse(asFloat(x), 2));
}

/** Mirror images top–bottom. */
export function flipVertical(x: tf.Tensor4D): tf.Tensor4D {
  checkImages(x, 'flipVertical');
  return tf.tidy(() => tf.reverse(asFloat(x), 1));
}

/**
 * Rotate by `k` quarter turns counter-clockwise as displayed (numpy's `rot90(x, k, axes=(1, 2))`);
 * k may be negative. Odd k swaps height and width.
 */
export function rotate90(x: tf.Tensor4D, k = 1): tf.Tensor4D {
  checkImages(x, 'rotate90');
  if (!Number.isInteger(k))
    throw new ValueError({ where: 'rotate90', problem: 'k is not an integer', received: { k } });
  const turns = ((k % 4) + 4) % 4;
  return tf.tidy(() => {
    const f = floatBuffer(x);
    if (turns === 0) return f;
    if (turns === 2) return tf.reverse(f, [1, 2]);
    const swapped = tf.transpose(f, [0, 2, 1, 3]);
    return tf.reverse(swapped, turns === 1 ? 1 : 2);
  });
}
