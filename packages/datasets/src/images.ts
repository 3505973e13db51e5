import * as tf from '@tensorflow/tfjs-core';

/**
 * `[n, height, width, 1]` float32 pixels scaled to [0, 1] from row-major integer intensities in
 * 0..max. The returned tensor is the caller's.
 */
export function imagesTensor(
  pixels: ArrayLike<number>,
  n: number,
  height: number,
  width: number,
  max: number,
): tf.Tensor4D {
  const values = new Float32Array(n * height * width);
  for (let i = 0; i < values.length; i++) values[i] = (pixels[i] as number) / max;
  return tf.tensor4d(values, [n, height, width, 1], 'float32');
}
