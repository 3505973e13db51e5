import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';

export interface ReshapeConfig extends LayerConfig {
  /** The shape after the batch axis; one entry may be -1 (inferred). */
  targetShape: number[];
}

/** Reshapes every axis after the batch to `targetShape`. */
export class Reshape extends Layer {
  readonly targetShape: number[];

  constructor(config: ReshapeConfig) {
    super('Reshape', config, ['targetShape']);
    const t = config.targetShape;
    const ok =
      Array.isArray(t) &&
      t.length > 0 &&
      t.every((d) => Number.isInteger(d) && (d > 0 || d === -1)) &&
      t.filter((d) => d === -1).length <= 1;
    if (!ok) {
      throw new ConfigError({
        where: 'Reshape.constructor',
        problem: 'targetShape must be a non-empty list of positive sizes with at most one -1',
        received: { targetShape: t },
      });
    }
    this.targetShape = [...t];
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    return [inputShape[0] ?? null, ...this.resolve(inputShape)];
  }

  protected override createWeights(inputShape: InputShape): void {
    this.resolve(inputShape);
  }

  protected call(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    return tf.reshape(x, [x.shape[0] as number, ...(this.resolve(x.shape) as number[])]);
  }

  protected override ownConfig(): Record<string, unknown> {
    return { targetShape: [...this.targetShape] };
  }

  /** The target shape with -1 filled in (null when the input has unknown sizes); checks the sizes agree. */
  private resolve(inputShape: InputShape): (number | null)[] {
    const rest = inputShape.slice(1);
    if (rest.includes(null)) return this.targetShape.map((d) => (d === -1 ? null : d));
    const size = (rest as number[]).reduce((a, b) => a * b, 1);
    const known = this.targetShape.reduce((a, b) => (b === -1 ? a : a * b), 1);
    const inferred = size / known;
    const fits = this.targetShape.includes(-1) ? Number.isInteger(inferred) : known === size;
    if (!fits) {
      throw new ShapeError({
        where: 'Reshape',
        problem: `${size} values per example cannot be reshaped to [${this.targetShape.join(', ')}]`,
        received: { inputShape },
      });
    }
    return this.targetShape.map((d) => (d === -1 ? inferred : d));
  }
}

export function reshape(config: ReshapeConfig): Reshape {
  return new Reshape(config);
}
