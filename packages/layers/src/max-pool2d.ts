import * as tf from '@tensorflow/tfjs-core';
import { onArrayKernelBackend, registerArrayKernel } from '@weft/core';
import type { ApplyOptions } from './layer.js';
import { MAX_POOL_GRAD_KERNEL, maxPoolGradAttrs, maxPoolGradKernel } from './max-pool-grad-kernel.js';
import { Pool2D, type Pool2DConfig } from './pool2d.js';

export type MaxPool2DConfig = Pool2DConfig;

/** Max pooling over the spatial axes of NHWC inputs. */
export class MaxPool2D extends Pool2D {
  constructor(config: MaxPool2DConfig = {}) {
    super('MaxPool2D', config);
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
}

export function maxPool2d(config: MaxPool2DConfig = {}): MaxPool2D {
  return new MaxPool2D(config);
}
