import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { andMasks, mergeInputs } from './add.js';
import {
  type ApplyOptions,
  type InputShape,
  Layer,
  type LayerConfig,
  type Mask,
  type Shapes,
} from './layer.js';

export interface ConcatenateConfig extends LayerConfig {
  /** The axis to join along; every other axis must agree. Default -1 (features). */
  axis?: number;
}

/** Joins two or more inputs along `axis`. Masks (of the steps) combine with AND when joining features. */
export class Concatenate extends Layer {
  readonly axis: number;

  constructor(config: ConcatenateConfig = {}) {
    super('Concatenate', config, ['axis']);
    const axis = config.axis ?? -1;
    if (!Number.isInteger(axis) || axis === 0) {
      throw new ConfigError({
        where: 'Concatenate.constructor',
        problem: 'axis must be a non-zero integer (axis 0 is the batch)',
        received: { axis },
      });
    }
    this.axis = axis;
  }

  override computeOutputShape(inputShape: Shapes): InputShape {
    const shapes = mergeInputs('Concatenate', inputShape);
    const rank = (shapes[0] as InputShape).length;
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    const bad = () =>
      new ShapeError({
        where: 'Concatenate.build',
        problem: `the inputs must agree on every axis but ${this.axis}`,
        received: { inputShapes: shapes, axis: this.axis },
      });
    if (axis <= 0 || axis >= rank || shapes.some((s) => s.length !== rank)) throw bad();
    return (shapes[0] as InputShape).map((_, i) => {
      const sizes = shapes.map((s) => s[i] ?? null);
      if (i === axis) return sizes.includes(null) ? null : (sizes as number[]).reduce((a, b) => a + b, 0);
      const known = [...new Set(sizes.filter((d) => d !== null))];
      if (known.length > 1 && i > 0) throw bad();
      return known[0] ?? null;
    });
  }

  override computeMask(x: tf.Tensor | readonly tf.Tensor[], mask: Mask | undefined): tf.Tensor | null {
    const rank = (Array.isArray(x) ? (x[0] as tf.Tensor) : (x as tf.Tensor)).rank;
    const featureAxis = this.axis === -1 || this.axis === rank - 1;
    return featureAxis ? andMasks(mask) : null;
  }

  protected override createWeights(inputShape: Shapes): void {
    this.computeOutputShape(inputShape);
  }

  protected call(x: tf.Tensor | tf.Tensor[], _options: ApplyOptions): tf.Tensor {
    return tf.concat(x as tf.Tensor[], this.axis);
  }

  protected override ownConfig(): Record<string, unknown> {
    return { axis: this.axis };
  }
}

export function concatenate(config: ConcatenateConfig = {}): Concatenate {
  return new Concatenate(config);
}
