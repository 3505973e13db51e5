import * as tf from '@tensorflow/tfjs-core';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';

export interface FlattenConfig extends LayerConfig {}

/** Flattens every axis after the batch: `[b, h, w, c]` → `[b, h·w·c]` (row-major, NHWC order). */
export class Flatten extends Layer {
  constructor(config: FlattenConfig = {}) {
    super('Flatten', config);
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    const rest = inputShape.slice(1);
    return [
      inputShape[0] ?? null,
      rest.includes(null) ? null : (rest as number[]).reduce((a, b) => a * b, 1),
    ];
  }

  protected call(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    return tf.reshape(x, [x.shape[0] as number, -1]);
  }
}

export function flatten(config: FlattenConfig = {}): Flatten {
  return new Flatten(config);
}
