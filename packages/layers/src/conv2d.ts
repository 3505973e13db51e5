import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { type ActivationName, activate } from './activations.js';
import { conv2dTrainable, PADDINGS, type Padding, pair, spatialOutputShape } from './conv-utils.js';
import type { InitializerName } from './initializers.js';
import {
  KERNEL_OPTION_KEYS,
  type KernelLayerConfig,
  kernelOptionsConfig,
  readKernelOptions,
} from './kernel-options.js';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';
import type { Regularizer } from './regularizers.js';
import { oneOf, positiveInt } from './validate.js';

export interface Conv2DConfig extends LayerConfig, KernelLayerConfig {
  filters: number;
  /** `k` or `[kh, kw]`. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: Padding;
  /** Spacing between kernel taps, `d` or `[dh, dw]`. Default 1. Trains on every backend (see the class doc). */
  dilationRate?: number | [number, number];
}

const KEYS = ['filters', 'kernelSize', 'strides', 'padding', 'dilationRate', ...KERNEL_OPTION_KEYS];

/**
 * 2-D convolution over NHWC inputs with an HWIO kernel `[kh, kw, in, filters]` (tfjs' layouts).
 * Dilated kernels are spread out with zeros before an ordinary convolution, because tfjs has no
 * gradient for dilated convolutions: so dilation trains on every backend (and combines with
 * strides), at the cost of multiplying the zeros.
 */
export class Conv2D extends Layer {
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerName;
  readonly biasInitializer: InitializerName;
  readonly kernelRegularizer: Regularizer | undefined;
  private kernel: tf.Variable | null = null;
  private bias: tf.Variable | null = null;

  constructor(config: Conv2DConfig) {
    super('Conv2D', config, KEYS);
    const where = 'Conv2D.constructor';
    this.filters = positiveInt(where, 'filters', config.filters);
    this.kernelSize = pair(where, 'kernelSize', config.kernelSize);
    this.strides = pair(where, 'strides', config.strides ?? 1);
    this.padding = oneOf(where, 'padding', config.padding ?? 'valid', PADDINGS);
    this.dilationRate = pair(where, 'dilationRate', config.dilationRate ?? 1);
    ({
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      kernelRegularizer: this.kernelRegularizer,
    } = readKernelOptions(where, config));
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    const { kernelSize, strides, padding, filters, dilationRate } = this;
    return spatialOutputShape(inputShape, kernelSize, strides, padding, filters, dilationRate);
  }

  protected override createWeights(inputShape: InputShape): void {
    const channels = inputShape[3];
    const out = this.computeOutputShape(inputShape);
    if (inputShape.length !== 4 || channels == null || out.slice(1, 3).some((d) => d !== null && d <= 0)) {
      throw new ShapeError({
        where: 'Conv2D.build',
        problem: 'Conv2D needs NHWC inputs [batch, height, width, channels] at least as large as the kernel',
        expected: `rank 4 with known channels and height, width ≥ [${this.kernelSize}] for 'valid' padding`,
        received: { inputShape },
      });
    }
    this.kernel = this.addWeight(
      'kernel',
      [...this.kernelSize, channels, this.filters],
      this.kernelInitializer,
      { regularizer: this.kernelRegularizer },
    );
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasInitializer);
  }

  protected override checkInput(shape: readonly number[]): void {
    const channels = this.kernel?.shape[2];
    if (shape.length !== 4 || shape[3] !== channels)
      throw this.inputShapeError(shape, `NHWC with ${channels} channels`);
  }

  protected call(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    const kernel = this.kernel as tf.Variable<tf.Rank.R4>;
    let y: tf.Tensor = conv2dTrainable(
      x as tf.Tensor4D,
      kernel,
      this.strides,
      this.padding,
      this.dilationRate,
    );
    if (this.bias) y = tf.add(y, this.bias);
    return activate(this.activation, y);
  }

  protected override ownConfig(): Record<string, unknown> {
    return {
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dilationRate: [...this.dilationRate],
      ...kernelOptionsConfig(this),
    };
  }
}

export function conv2d(config: Conv2DConfig): Conv2D {
  return new Conv2D(config);
}
