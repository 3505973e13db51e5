import { ShapeError } from '@weft/core';
import { PADDINGS, type Padding, pair, spatialOutputShape } from './conv-utils.js';
import { type InputShape, Layer, type LayerConfig } from './layer.js';
import { oneOf } from './validate.js';

export interface Pool2DConfig extends LayerConfig {
  /** Default 2. */
  poolSize?: number | [number, number];
  /** Default: the pool size. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: Padding;
}

/**
 * What 2-D pooling layers over NHWC inputs share: the window, strides and padding options, the
 * output shape, the input checks and the config. Subclasses implement `call`.
 */
export abstract class Pool2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;

  protected constructor(className: string, config: Pool2DConfig) {
    super(className, config, ['poolSize', 'strides', 'padding']);
    const where = `${className}.constructor`;
    this.poolSize = pair(where, 'poolSize', config.poolSize ?? 2);
    this.strides = pair(where, 'strides', config.strides ?? this.poolSize);
    this.padding = oneOf(where, 'padding', config.padding ?? 'valid', PADDINGS);
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    return spatialOutputShape(inputShape, this.poolSize, this.strides, this.padding, inputShape[3] ?? null);
  }

  protected override createWeights(inputShape: InputShape): void {
    const out = this.computeOutputShape(inputShape);
    if (inputShape.length !== 4 || out.slice(1, 3).some((d) => d !== null && d <= 0)) {
      throw new ShapeError({
        where: `${this.className}.build`,
        problem: `${this.className} needs NHWC inputs at least as large as the pool`,
        received: { inputShape, poolSize: this.poolSize },
      });
    }
  }

  protected override checkInput(shape: readonly number[]): void {
    const channels = this.inputShape?.[3];
    if (shape.length !== 4 || (channels != null && shape[3] !== channels)) {
      throw this.inputShapeError(shape, `NHWC with ${channels} channels`);
    }
  }

  protected override ownConfig(): Record<string, unknown> {
    return { poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding };
  }
}
