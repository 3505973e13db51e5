import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { type ActivationName, activate } from './activations.js';
import type { InitializerName } from './initializers.js';
import {
  KERNEL_OPTION_KEYS,
  type KernelLayerConfig,
  kernelOptionsConfig,
  readKernelOptions,
} from './kernel-options.js';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';
import type { Regularizer } from './regularizers.js';
import { smallDense, takesSmallDense } from './small-dense-kernel.js';
import { positiveInt } from './validate.js';

export interface DenseConfig extends LayerConfig, KernelLayerConfig {
  units: number;
}

const KEYS = ['units', ...KERNEL_OPTION_KEYS];

/**
 * A fully connected layer: `activation(x · kernel + bias)`, kernel `[in, units]` (tfjs' layout).
 * Inputs of rank > 2 are transformed along their last axis, as in Keras.
 */
export class Dense extends Layer {
  readonly units: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerName;
  readonly biasInitializer: InitializerName;
  readonly kernelRegularizer: Regularizer | undefined;
  private kernel: tf.Variable | null = null;
  private bias: tf.Variable | null = null;

  constructor(config: DenseConfig) {
    super('Dense', config, KEYS);
    const where = 'Dense.constructor';
    this.units = positiveInt(where, 'units', config.units);
    ({
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      kernelRegularizer: this.kernelRegularizer,
    } = readKernelOptions(where, config));
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    return [...inputShape.slice(0, -1), this.units];
  }

  protected override createWeights(inputShape: InputShape): void {
    const inputDim = inputShape.at(-1);
    if (inputShape.length < 2 || inputDim == null) {
      throw new ShapeError({
        where: 'Dense.build',
        problem: 'Dense needs inputs of rank ≥ 2 with a known last axis',
        expected: 'a shape such as [null, 4]',
        received: { inputShape },
      });
    }
    this.kernel = this.addWeight('kernel', [inputDim, this.units], this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
    });
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], this.biasInitializer);
  }

  protected override checkInput(shape: readonly number[]): void {
    const inputDim = this.kernel?.shape[0] as number;
    if (shape.length < 2 || shape.at(-1) !== inputDim) {
      throw this.inputShapeError(shape, `rank ≥ 2 with last axis ${inputDim}`);
    }
  }

  protected call(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    const kernel = this.kernel as tf.Variable;
    if (takesSmallDense(x, kernel, this.activation)) return smallDense(x, kernel, this.bias, this.activation);
    const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, kernel.shape[0] as number]);
    let y: tf.Tensor = tf.matMul(flat, kernel);
    if (this.bias) y = tf.add(y, this.bias);
    if (x.rank !== 2) y = tf.reshape(y, [...x.shape.slice(0, -1), this.units]);
    return activate(this.activation, y);
  }

  protected override get supportsMasking(): boolean {
    return true;
  }

  protected override ownConfig(): Record<string, unknown> {
    return {
      units: this.units,
      ...kernelOptionsConfig(this),
    };
  }
}

export function dense(config: DenseConfig): Dense {
  return new Dense(config);
}
