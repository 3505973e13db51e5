import * as tf from '@tensorflow/tfjs-core';
import { type Padding, samePads } from './conv-utils.js';
import type { ApplyOptions } from './layer.js';
import { Pool2D, type Pool2DConfig } from './pool2d.js';

export interface AvgPool2DConfig extends Pool2DConfig {
  /** Default 'valid'. With 'same', windows that overlap the border average only the values inside. */
  padding?: Padding;
}

/**
 * Average pooling over the spatial axes of NHWC inputs. With 'same' padding each window averages
 * only the values inside the input (as Keras and TensorFlow do). tfjs 4.22's AvgPoolGrad divides
 * every window by its full size, which disagrees with that forward pass at the border, so 'same'
 * runs as a 'valid' pool of the zero-padded input divided by the pooled fraction of real values
 * (a constant): same values, and a gradient that is right.
 */
export class AvgPool2D extends Pool2D {
  constructor(config: AvgPool2DConfig = {}) {
    super('AvgPool2D', config);
  }

  protected call(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    const { poolSize, strides } = this;
    if (this.padding === 'valid') return tf.avgPool(x as tf.Tensor4D, poolSize, strides, 'valid');
    const [, h, w] = x.shape as [number, number, number, number];
    const pads: [number, number][] = [
      [0, 0],
      samePads(h, poolSize[0], strides[0]),
      samePads(w, poolSize[1], strides[1]),
      [0, 0],
    ];
    const pool = (t: tf.Tensor) => tf.avgPool(tf.pad(t, pads) as tf.Tensor4D, poolSize, strides, 'valid');
    return tf.div(pool(x), pool(tf.ones([1, h, w, 1])));
  }
}

export function avgPool2d(config: AvgPool2DConfig = {}): AvgPool2D {
  return new AvgPool2D(config);
}
