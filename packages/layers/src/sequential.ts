import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@weft/core';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig, type Mask } from './layer.js';
import { summarize } from './summary.js';

export interface SequentialConfig extends LayerConfig {}

/**
 * A stack of layers applied in order. With a seed, every child that has no seed of its own gets
 * one derived from it and the child's position and class (`rng.fork('<index>/<className>')`), so
 * the same seed gives the same weights however many layers the process has named before.
 */
export class Sequential extends Layer {
  readonly layers: Layer[];

  constructor(layers: Layer[], config: SequentialConfig = {}) {
    super('Sequential', config);
    if (!Array.isArray(layers) || layers.some((layer) => !(layer instanceof Layer))) {
      throw new ConfigError({
        where: 'Sequential.constructor',
        problem: 'layers must be an array of Layer instances',
        received: { layers },
      });
    }
    const seen = new Set<string>();
    for (const layer of layers) {
      if (seen.has(layer.name)) {
        throw new ConfigError({
          where: 'Sequential.constructor',
          problem: `two layers are named "${layer.name}"`,
          expected: 'unique layer names within a model (weights are saved as "<layer name>/<weight>")',
          fix: 'Give the layers distinct names, or leave names out to get automatic ones',
        });
      }
      seen.add(layer.name);
    }
    this.layers = [...layers];
    if (config.seed !== undefined) {
      const rng = new Rng(config.seed);
      this.layers.forEach((layer, i) => {
        layer.seed ??= rng.fork(`${i}/${layer.className}`).nextSeed();
      });
    }
    if (config.trainable === false) this.trainable = false;
    if (config.inputShape) this.build(config.inputShape);
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    return this.layers.reduce((shape, layer) => layer.computeOutputShape(shape), inputShape);
  }

  /** A Keras-like table: layer (type), output shape, parameter count, and the totals. */
  summary(): string {
    return summarize(this);
  }

  protected override createWeights(inputShape: InputShape): void {
    let shape = inputShape;
    for (const layer of this.layers) {
      layer.build(shape);
      shape = layer.computeOutputShape(shape);
    }
  }

  /** Each layer checks its own input as it is applied. */
  protected override checkInput(): void {}

  /** Each layer gets the mask its predecessor computed (an Embedding with `maskZero` starts one). */
  protected call(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    let y = x;
    let mask = options.mask;
    for (const layer of this.layers) {
      const next = layer.apply(y, { ...options, mask });
      mask = layer.computeMask(y, mask);
      y = next;
    }
    return y;
  }

  /**
   * The mask after the last layer, from each layer's `computeMask`. Only the first layer sees the
   * real input (a masking Embedding belongs first); the others get the model input in its place,
   * which the default `computeMask` does not read.
   */
  override computeMask(x: tf.Tensor, mask: Mask | undefined): tf.Tensor | null {
    // A list out of tidy (it cannot return null); the intermediate masks are freed.
    const [result = null] = tf.tidy(() => {
      let current: Mask | undefined = mask;
      for (const layer of this.layers) current = layer.computeMask(x, current);
      return current && !Array.isArray(current) ? [current as tf.Tensor] : [];
    });
    return result;
  }

  protected override ownConfig(): Record<string, unknown> {
    return {
      layers: this.layers.map((layer) => ({ className: layer.className, config: layer.getConfig() })),
    };
  }

  protected override get sublayers(): readonly Layer[] {
    return this.layers;
  }
}

export interface SequentialOptions {
  name?: string;
  /** Builds the model at once for this input shape (batch axis first, may be null). */
  inputShape?: InputShape;
  seed?: number;
  trainable?: boolean;
}

export function sequential(layers: Layer[], options: SequentialOptions = {}): Sequential {
  return new Sequential(layers, options);
}
