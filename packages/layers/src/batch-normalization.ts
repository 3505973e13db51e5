import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';

export interface BatchNormalizationConfig extends LayerConfig {
  /** The feature axis kept (statistics are taken over all others). Default -1 (channels, NHWC). */
  axis?: number;
  /** Moving statistics: `moving = momentum · moving + (1 − momentum) · batch`. Default 0.99 (Keras). */
  momentum?: number;
  /** Added to the variance. Default 1e-3 (Keras). */
  epsilon?: number;
  /** Learn an offset `beta`. Default true. */
  center?: boolean;
  /** Learn a scale `gamma`. Default true. */
  scale?: boolean;
}

/**
 * Batch normalization (Keras' definition). In training (`apply(x, { training: true })`) it
 * normalizes with the batch's mean and (biased) variance and updates the moving statistics,
 * non-trainable weights `moving_mean` and `moving_variance` that are saved with the model; in
 * inference it uses the moving statistics. A frozen layer (`trainable = false`) always runs in
 * inference mode, as in Keras, so fine-tuning does not disturb its statistics. PyTorch's
 * `momentum` is `1 − momentum` here, and PyTorch's running variance is the unbiased one.
 */
export class BatchNormalization extends Layer {
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private gamma: tf.Variable | null = null;
  private beta: tf.Variable | null = null;
  private movingMean: tf.Variable | null = null;
  private movingVariance: tf.Variable | null = null;

  constructor(config: BatchNormalizationConfig = {}) {
    super('BatchNormalization', config, ['axis', 'momentum', 'epsilon', 'center', 'scale']);
    const where = 'BatchNormalization.constructor';
    const { axis = -1, momentum = 0.99, epsilon = 1e-3 } = config;
    if (!Number.isInteger(axis) || axis === 0) {
      throw new ConfigError({
        where,
        problem: 'axis must be a non-zero integer (axis 0 is the batch)',
        received: { axis },
      });
    }
    if (typeof momentum !== 'number' || !(momentum >= 0 && momentum < 1)) {
      throw new ConfigError({ where, problem: 'momentum must be in [0, 1)', received: { momentum } });
    }
    if (typeof epsilon !== 'number' || !(epsilon > 0)) {
      throw new ConfigError({ where, problem: 'epsilon must be positive', received: { epsilon } });
    }
    this.axis = axis;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.center = config.center ?? true;
    this.scale = config.scale ?? true;
  }

  protected override createWeights(inputShape: InputShape): void {
    const axis = this.axis < 0 ? inputShape.length + this.axis : this.axis;
    const features = inputShape[axis];
    if (axis <= 0 || axis >= inputShape.length || features == null) {
      throw new ShapeError({
        where: 'BatchNormalization.build',
        problem: `axis ${this.axis} is not a known feature axis of the input`,
        expected: 'an input of rank ≥ 2 whose feature axis has a known size',
        received: { inputShape, axis: this.axis },
      });
    }
    if (this.scale) this.gamma = this.addWeight('gamma', [features], 'ones');
    if (this.center) this.beta = this.addWeight('beta', [features], 'zeros');
    this.movingMean = this.addWeight('moving_mean', [features], 'zeros', { trainable: false });
    this.movingVariance = this.addWeight('moving_variance', [features], 'ones', { trainable: false });
  }

  protected call(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    const axis = this.axis < 0 ? x.rank + this.axis : this.axis;
    // Per-feature vectors broadcast along `axis` (a reshape is needed unless it is the last one).
    const shape = x.shape.map((d, i) => (i === axis ? d : 1));
    const along = (v: tf.Tensor) => (axis === x.rank - 1 ? v : tf.reshape(v, shape));
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    if (options.training && this.trainable) {
      const reduce = x.shape.map((_, i) => i).filter((i) => i !== axis);
      ({ mean, variance } = tf.moments(x, reduce));
      this.updateMoving(mean, variance);
    } else {
      mean = this.movingMean as tf.Variable;
      variance = this.movingVariance as tf.Variable;
    }
    let y = tf.mul(tf.sub(x, along(mean)), along(tf.rsqrt(tf.add(variance, this.epsilon))));
    if (this.gamma) y = tf.mul(y, along(this.gamma));
    if (this.beta) y = tf.add(y, along(this.beta));
    return y;
  }

  /** Moves the statistics toward the batch's; runs inside `apply`'s tidy, the variables keep their values. */
  private updateMoving(mean: tf.Tensor, variance: tf.Tensor): void {
    const m = this.momentum;
    const mix = (moving: tf.Variable, batch: tf.Tensor) =>
      moving.assign(tf.add(tf.mul(moving, m), tf.mul(batch, 1 - m)));
    mix(this.movingMean as tf.Variable, mean);
    mix(this.movingVariance as tf.Variable, variance);
  }

  protected override ownConfig(): Record<string, unknown> {
    return {
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
    };
  }
}

export function batchNormalization(config: BatchNormalizationConfig = {}): BatchNormalization {
  return new BatchNormalization(config);
}
