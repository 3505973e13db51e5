import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { PADDINGS, type Padding, pair, samePads, spatialOutputShape } from './conv-utils.js';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';
import { oneOf } from './validate.js';

export interface AvgPool2DConfig extends LayerConfig {
  /** Default 2. */
  poolSize?: number | [number, number];
  /** Default: the pool size. */
  strides?: number | [number, number];
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
export class AvgPool2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;

  constructor(config: AvgPool2DConfig = {}) {
    super('AvgPool2D', config, ['poolSize', 'strides', 'padding']);
    const where = 'AvgPool2D.constructor';
    this.poolSize = pair(where, 'poolSize', config.poolSize ?? 2);
    this.strides = pair(where, 'strides', config.strides ?? this.poolSize);
    this.padding = oneOf(where, 'padding', config.padding ?? 'valid', PADDINGS);
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    return spatialOutputShape(inputShape, this.poolSize, this.strides, this.padding, inputShape[3] ?? null);
  }

  protected override createWeights(inputShape: InputShape): void {
    const out = this.computeOutputShape(inputShape);
    if (inputShape.length !== 4 || out.slice(1, 3).some((d) => d !== null && d <= 0)) {
      throw new ShapeError({
        where: 'AvgPool2D.build',
        problem: 'AvgPool2D needs NHWC inputs at least as large as the pool',
        received: { inputShape, poolSize: this.poolSize },
      });
    }
  }

  protected override checkInput(shape: readonly number[]): void {
    const channels = this.inputShape?.[3];
    if (shape.length !== 4 || (channels != null && shape[3] !== channels)) {
      throw this.inputShapeError(shape, `NHWC with ${channels} channels`);
    }
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

  protected override ownConfig(): Record<string, unknown> {
    return { poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding };
  }
}

export function avgPool2d(config: AvgPool2DConfig = {}): AvgPool2D {
  return new AvgPool2D(config);
}
