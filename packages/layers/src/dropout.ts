import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@weft/core';
import { type ApplyOptions, Layer, type LayerConfig } from './layer.js';

export interface DropoutConfig extends LayerConfig {
  /** Fraction of inputs zeroed in training, in [0, 1). */
  rate: number;
}

/**
 * Inverted dropout: in training, zeroes each input with probability `rate` and scales the rest
 * by 1/(1 − rate); otherwise the identity. Masks are drawn in JavaScript from a stream seeded by
 * the layer's seed (each training call takes the next per-call seed), so the same seed gives the
 * same masks, in the same order, on every backend.
 */
export class Dropout extends Layer {
  readonly rate: number;
  private stream: Rng | null = null;

  constructor(config: DropoutConfig) {
    super('Dropout', config, ['rate']);
    const rate = config.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new ConfigError({
        where: 'Dropout.constructor',
        problem: 'rate must be a number in [0, 1)',
        received: { rate },
        fix: 'Use e.g. 0.5; a rate of 1 would drop everything',
      });
    }
    this.rate = rate;
  }

  protected call(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    if (!options.training || this.rate === 0) return x;
    this.stream ??= this.rng().fork('dropout');
    return dropoutWith(x, this.rate, this.stream);
  }

  protected override randomStreams(): Record<string, Rng> {
    if (this.rate === 0) return {};
    this.stream ??= this.rng().fork('dropout');
    return { dropout: this.stream };
  }

  protected override get supportsMasking(): boolean {
    return true;
  }

  protected override ownConfig(): Record<string, unknown> {
    return { rate: this.rate };
  }
}

/**
 * Inverted dropout of `x` with a mask drawn in JavaScript from the next seed of `stream`, so a
 * seeded stream gives the same masks on every backend. Layers with internal dropout (attention,
 * Transformer blocks) use it with a stream of their own.
 */
export function dropoutWith(x: tf.Tensor, rate: number, stream: Rng): tf.Tensor {
  const rng = new Rng(stream.nextSeed());
  const keep = 1 - rate;
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.float() < keep ? 1 / keep : 0;
  return tf.mul(x, tf.tensor(mask, x.shape, 'float32'));
}

export function dropout(config: DropoutConfig): Dropout {
  return new Dropout(config);
}
