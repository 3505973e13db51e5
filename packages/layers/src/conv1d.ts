import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { type ActivationName, activate } from './activations.js';
import { conv2dTrainable, outputLength } from './conv-utils.js';
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

/** 'causal' pads only the start, so output step t sees inputs up to t (WaveNet, Keras). */
export type Conv1DPadding = 'valid' | 'same' | 'causal';
const PADDINGS_1D: readonly Conv1DPadding[] = ['valid', 'same', 'causal'];

export interface Conv1DConfig extends LayerConfig, KernelLayerConfig {
  filters: number;
  kernelSize: number;
  /** Default 1. */
  strides?: number;
  /** Default 'valid'. */
  padding?: Conv1DPadding;
  /** Spacing between kernel taps. Default 1. Trains on every backend, as in Conv2D. */
  dilationRate?: number;
}

const KEYS = ['filters', 'kernelSize', 'strides', 'padding', 'dilationRate', ...KERNEL_OPTION_KEYS];

/**
 * 1-D convolution over `[batch, steps, channels]` with a kernel `[kernelSize, in, filters]`
 * (Keras' layouts). It runs as a 2-D convolution of height 1, so it shares Conv2D's gradients.
 */
export class Conv1D extends Layer {
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: Conv1DPadding;
  readonly dilationRate: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerName;
  readonly biasInitializer: InitializerName;
  readonly kernelRegularizer: Regularizer | undefined;
  private kernel: tf.Variable | null = null;
  private bias: tf.Variable | null = null;

  constructor(config: Conv1DConfig) {
    super('Conv1D', config, KEYS);
    const where = 'Conv1D.constructor';
    this.filters = positiveInt(where, 'filters', config.filters);
    this.kernelSize = positiveInt(where, 'kernelSize', config.kernelSize);
    this.strides = positiveInt(where, 'strides', config.strides ?? 1);
    this.padding = oneOf(where, 'padding', config.padding ?? 'valid', PADDINGS_1D);
    this.dilationRate = positiveInt(where, 'dilationRate', config.dilationRate ?? 1);
    if (this.padding === 'causal' && this.strides !== 1) {
      throw new ConfigError({
        where,
        problem: 'causal padding needs strides 1',
        received: { strides: this.strides },
      });
    }
    ({
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      kernelRegularizer: this.kernelRegularizer,
    } = readKernelOptions(where, config));
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    const padding = this.padding === 'valid' ? 'valid' : 'same';
    const steps = outputLength(
      inputShape[1] ?? null,
      this.kernelSize,
      this.strides,
      padding,
      this.dilationRate,
    );
    return [inputShape[0] ?? null, steps, this.filters];
  }

  protected override createWeights(inputShape: InputShape): void {
    const channels = inputShape[2];
    const steps = this.computeOutputShape(inputShape)[1] ?? null;
    if (inputShape.length !== 3 || channels == null || (steps !== null && steps <= 0)) {
      throw new ShapeError({
        where: 'Conv1D.build',
        problem: 'Conv1D needs inputs [batch, steps, channels] at least as long as the (dilated) kernel',
        received: { inputShape },
      });
    }
    this.kernel = this.addWeight(
      'kernel',
      [this.kernelSize, channels, this.filters],
      this.kernelInitializer,
      {
        regularizer: this.kernelRegularizer,
      },
    );
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasInitializer);
  }

  protected override checkInput(shape: readonly number[]): void {
    const channels = this.kernel?.shape[1];
    if (shape.length !== 3 || shape[2] !== channels)
      throw this.inputShapeError(shape, `[batch, steps, ${channels}]`);
  }

  protected call(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    let input = tf.expandDims(x, 1) as tf.Tensor4D;
    if (this.padding === 'causal') {
      const pad = (this.kernelSize - 1) * this.dilationRate;
      input = tf.pad(input, [
        [0, 0],
        [0, 0],
        [pad, 0],
        [0, 0],
      ]);
    }
    const kernel = tf.expandDims(this.kernel as tf.Variable, 0) as tf.Tensor4D;
    const padding = this.padding === 'same' ? 'same' : 'valid';
    const conv = conv2dTrainable(input, kernel, [1, this.strides], padding, [1, this.dilationRate]);
    let y: tf.Tensor = tf.squeeze(conv, [1]);
    if (this.bias) y = tf.add(y, this.bias);
    return activate(this.activation, y);
  }

  protected override ownConfig(): Record<string, unknown> {
    return {
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      ...kernelOptionsConfig(this),
    };
  }
}

export function conv1d(config: Conv1DConfig): Conv1D {
  return new Conv1D(config);
}
