import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';

export interface GlobalAveragePool2DConfig extends LayerConfig {
  /** Keep the spatial axes as size 1 (`[b, 1, 1, c]`). Default false (`[b, c]`). */
  keepDims?: boolean;
}

/** The mean over the spatial axes of NHWC inputs: `[b, h, w, c]` → `[b, c]` (Keras' GlobalAveragePooling2D). */
export class GlobalAveragePool2D extends Layer {
  readonly keepDims: boolean;

  constructor(config: GlobalAveragePool2DConfig = {}) {
    super('GlobalAveragePool2D', config, ['keepDims']);
    this.keepDims = config.keepDims ?? false;
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    const [batch = null, , , channels = null] = inputShape;
    return this.keepDims ? [batch, 1, 1, channels] : [batch, channels];
  }

  protected override createWeights(inputShape: InputShape): void {
    if (inputShape.length !== 4) {
      throw new ShapeError({
        where: 'GlobalAveragePool2D.build',
        problem: 'GlobalAveragePool2D needs NHWC inputs [batch, height, width, channels]',
        received: { inputShape },
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
    return tf.mean(x, [1, 2], this.keepDims);
  }

  protected override ownConfig(): Record<string, unknown> {
    return { keepDims: this.keepDims };
  }
}

export function globalAveragePool2d(config: GlobalAveragePool2DConfig = {}): GlobalAveragePool2D {
  return new GlobalAveragePool2D(config);
}
