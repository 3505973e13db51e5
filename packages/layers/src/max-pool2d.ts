import * as tf from '@tensorflow/tfjs-core';
import { onArrayKernelBackend, registerArrayKernel, ShapeError } from '@weft/core';
import { PADDINGS, type Padding, pair, spatialOutputShape } from './conv-utils.js';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';
import { MAX_POOL_GRAD_KERNEL, maxPoolGradAttrs, maxPoolGradKernel } from './max-pool-grad-kernel.js';
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
    if (!onArrayKernelBackend()) return pool(x as tf.Tensor4D);
    // On the CPU backends the gradient is Weft's one-loop kernel (see max-pool-grad-kernel.ts).
    registerArrayKernel(maxPoolGradKernel);
    const attrs = maxPoolGradAttrs({ poolSize: this.poolSize, strides: this.strides, padding: this.padding });
    const withGradient = tf.customGrad((input, save) => {
      (save as tf.GradSaveFunc)([input as tf.Tensor]);
      return {
        value: pool(input as tf.Tensor4D),
        gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) =>
          tf.engine().runKernel(MAX_POOL_GRAD_KERNEL, { x: saved as tf.Tensor, dy }, attrs) as tf.Tensor,
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
