import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';

export interface LayerNormalizationConfig extends LayerConfig {
  /** Added to the variance. Default 1e-3 (Keras). */
  epsilon?: number;
  /** Learn an offset `beta`. Default true. */
  center?: boolean;
  /** Learn a scale `gamma`. Default true. */
  scale?: boolean;
}

/**
 * Normalizes each example over its last axis to zero mean and unit variance, then applies the
 * learned per-feature `gamma` (ones) and `beta` (zeros), like Keras' default (axis -1).
 */
export class LayerNormalization extends Layer {
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private gamma: tf.Variable | null = null;
  private beta: tf.Variable | null = null;

  constructor(config: LayerNormalizationConfig = {}) {
    super('LayerNormalization', config, ['epsilon', 'center', 'scale']);
    const epsilon = config.epsilon ?? 1e-3;
    if (typeof epsilon !== 'number' || !(epsilon > 0)) {
      throw new ConfigError({
        where: 'LayerNormalization.constructor',
        problem: 'epsilon must be positive',
        received: { epsilon },
      });
    }
    this.epsilon = epsilon;
    this.center = config.center ?? true;
    this.scale = config.scale ?? true;
  }

  protected override createWeights(inputShape: InputShape): void {
    const features = inputShape.at(-1);
    if (inputShape.length < 2 || features == null) {
      throw new ShapeError({
        where: 'LayerNormalization.build',
        problem: 'LayerNormalization needs inputs of rank ≥ 2 with a known last axis',
        received: { inputShape },
      });
    }
    if (this.scale) this.gamma = this.addWeight('gamma', [features], 'ones');
    if (this.center) this.beta = this.addWeight('beta', [features], 'zeros');
  }

  protected call(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    const { mean, variance } = tf.moments(x, -1, true);
    let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
    if (this.gamma) y = tf.mul(y, this.gamma);
    if (this.beta) y = tf.add(y, this.beta);
    return y;
  }

  protected override get supportsMasking(): boolean {
    return true;
  }

  protected override ownConfig(): Record<string, unknown> {
    return { epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}

export function layerNormalization(config: LayerNormalizationConfig = {}): LayerNormalization {
  return new LayerNormalization(config);
}
