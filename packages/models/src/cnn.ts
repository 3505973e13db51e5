import { ConfigError } from '@weft/core';
import { Conv2D, Dense, Flatten, type Layer, MaxPool2D, type Sequential, sequential } from '@weft/layers';

export interface CnnOptions {
  /** `[height, width, channels]` of one image (NHWC, no batch axis). */
  inputShape: [number, number, number];
  classes: number;
  /** Filters of each block: 'valid' 3×3 conv + ReLU + 2×2 max-pool. Default [32, 64, 128, 256]. */
  filters?: number[];
  /** Units of the hidden Dense layer (ReLU). Default 1024. */
  dense?: number;
  /** Seeds every layer's initializers (through the Sequential's seed). */
  seed?: number;
  name?: string;
}

/**
 * The VGG-style stack of the tutorials: per entry of `filters`, a 'valid' 3×3 convolution with
 * ReLU and a 2×2 max-pool; then Flatten, Dense(`dense`, relu) and Dense(`classes`, softmax).
 * The defaults give the 224×224 tutorial model (`cnn({ inputShape: [224, 224, 3], classes: 1000 })`,
 * 39,163,176 parameters as in Keras); `filters: [32, 64], dense: 128` is the 28×28 Fashion-MNIST one.
 * The output is probabilities: train it with a cross-entropy on probabilities.
 */
export function cnn(options: CnnOptions): Sequential {
  const { inputShape, classes, filters = [32, 64, 128, 256], dense = 1024, seed, name } = options;
  const positive = (key: string, value: unknown) => {
    if (!Number.isInteger(value) || (value as number) <= 0) {
      throw new ConfigError({
        where: 'cnn',
        problem: `${key} must be a positive integer`,
        received: { [key]: value },
      });
    }
  };
  if (!Array.isArray(inputShape) || inputShape.length !== 3) {
    throw new ConfigError({
      where: 'cnn',
      problem: 'inputShape must be [height, width, channels]',
      received: { inputShape },
    });
  }
  for (const [i, d] of inputShape.entries()) positive(`inputShape[${i}]`, d);
  positive('classes', classes);
  positive('dense', dense);
  if (!Array.isArray(filters) || filters.length === 0) {
    throw new ConfigError({
      where: 'cnn',
      problem: 'filters must be a non-empty list',
      received: { filters },
    });
  }
  for (const [i, f] of filters.entries()) positive(`filters[${i}]`, f);
  // Each block maps a side s to floor((s − 2) / 2); the last block must still see a 3×3 window.
  let [h, w] = inputShape;
  for (const [i] of filters.entries()) {
    if (h < 4 || w < 4) {
      throw new ConfigError({
        where: 'cnn',
        problem: `the image is too small for ${filters.length} blocks: block ${i} would see ${h}×${w}`,
        expected: 'at least 4×4 before each block (3×3 valid conv, then a 2×2 pool)',
        received: { inputShape, filters },
        fix: 'Use fewer filters entries or larger images',
      });
    }
    [h, w] = [Math.floor((h - 2) / 2), Math.floor((w - 2) / 2)];
  }
  const layers: Layer[] = filters.flatMap((f) => [
    new Conv2D({ filters: f, kernelSize: 3, padding: 'valid', activation: 'relu' }),
    new MaxPool2D({ poolSize: 2 }),
  ]);
  layers.push(
    new Flatten(),
    new Dense({ units: dense, activation: 'relu' }),
    new Dense({ units: classes, activation: 'softmax' }),
  );
  return sequential(layers, { name, seed, inputShape: [null, ...inputShape] });
}
