import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { PADDINGS, type Padding, pair, spatialOutputShape } from './conv-utils.js';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';
import { oneOf } from './validate.js';

export interface MaxPool2DConfig extends LayerConfig {
  /** Default 2. */
  poolSize?: number | [number, number];
  /** Default: the pool size. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: Padding;
}

/** Max pooling over the spatial axes of NHWC inputs. */
export class MaxPool2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;

  constructor(config: MaxPool2DConfig = {}) {
    super('MaxPool2D', config, ['poolSize', 'strides', 'padding']);
    const where = 'MaxPool2D.constructor';
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
        where: 'MaxPool2D.build',
        problem: 'MaxPool2D needs NHWC inputs at least as large as the pool',
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
    const pool = (t: tf.Tensor4D) => tf.maxPool(t, this.poolSize, this.strides, this.padding);
    if (tf.getBackend() !== 'wasm') return pool(x as tf.Tensor4D);
    // tfjs-backend-wasm 4.22's MaxPoolGrad starts each window's search at FLT_MIN (the smallest
    // positive float), so a window whose values are all negative sends its gradient to the wrong
    // place. Its argmax does not change when every value is shifted above 1, so the gradient is
    // taken at x − min(x) + 1 (values closer than float32 resolves at that scale, ~1e-7, may tie).
    const attrs = { filterSize: this.poolSize, strides: this.strides, pad: this.padding };
    const withGradient = tf.customGrad((input, save) => {
      const xs = input as tf.Tensor4D;
      const shifted = tf.add(tf.sub(xs, tf.min(xs)), 1) as tf.Tensor4D;
      (save as tf.GradSaveFunc)([shifted]);
      return {
        value: pool(xs),
        gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) =>
          tf
            .engine()
            .runKernel(
              'MaxPoolGrad',
              { dy, input: s as tf.Tensor, output: pool(s as tf.Tensor4D) },
              attrs,
            ) as tf.Tensor,
      };
    });
    return withGradient(x);
  }

  protected override ownConfig(): Record<string, unknown> {
    return { poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding };
  }
}

export function maxPool2d(config: MaxPool2DConfig = {}): MaxPool2D {
  return new MaxPool2D(config);
}
