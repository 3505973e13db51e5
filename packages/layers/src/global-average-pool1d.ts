import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig, maskToFloat } from './layer.js';

export interface GlobalAveragePool1DConfig extends LayerConfig {}

/**
 * The mean over the steps of `[batch, steps, features]` → `[batch, features]` (Keras'
 * GlobalAveragePooling1D). With a mask (`ApplyOptions.mask`, `[batch, steps]`) only the real
 * steps are averaged, so padding does not dilute it.
 */
export class GlobalAveragePool1D extends Layer {
  constructor(config: GlobalAveragePool1DConfig = {}) {
    super('GlobalAveragePool1D', config);
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    return [inputShape[0] ?? null, inputShape[2] ?? null];
  }

  protected override createWeights(inputShape: InputShape): void {
    if (inputShape.length !== 3) {
      throw new ShapeError({
        where: 'GlobalAveragePool1D.build',
        problem: 'GlobalAveragePool1D takes [batch, steps, features]',
        received: { inputShape },
      });
    }
  }

  protected override checkInput(shape: readonly number[]): void {
    const features = this.inputShape?.[2];
    if (shape.length !== 3 || (features != null && shape[2] !== features)) {
      throw this.inputShapeError(shape, `[batch, steps, ${features}]`);
    }
  }

  protected call(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    const mask = options.mask && !Array.isArray(options.mask) ? (options.mask as tf.Tensor) : null;
    if (!mask) return tf.mean(x, 1);
    const weights = tf.expandDims(maskToFloat(mask), -1);
    // At least one step, so a fully padded row gives zeros rather than NaN.
    return tf.div(tf.sum(tf.mul(x, weights), 1), tf.maximum(tf.sum(weights, 1), 1));
  }
}

export function globalAveragePool1d(config: GlobalAveragePool1DConfig = {}): GlobalAveragePool1D {
  return new GlobalAveragePool1D(config);
}
