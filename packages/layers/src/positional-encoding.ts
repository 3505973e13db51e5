import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { INITIALIZER_NAMES, type InitializerName } from './initializers.js';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';
import { oneOf, positiveInt } from './validate.js';

export type PositionalEncodingKind = 'sinusoidal' | 'learned';

export interface PositionalEncodingConfig extends LayerConfig {
  /** The longest sequence it encodes. */
  maxLength: number;
  /** 'sinusoidal' (fixed, Vaswani et al.; no weights) or 'learned' (a trained table). Default 'sinusoidal'. */
  kind?: PositionalEncodingKind;
  /** The learned table's initializer. Default 'glorotUniform' (keras-nlp's PositionEmbedding). */
  initializer?: InitializerName;
}

/**
 * Adds a position signal to `[batch, steps, features]` inputs: `x + P[:steps]`. The sinusoidal
 * table is `P[t, 2i] = sin(t / 10000^(2i/d))`, `P[t, 2i+1] = cos(t / 10000^(2i/d))` (computed
 * in float64 JavaScript, uploaded per call); the learned one is a weight `embeddings [maxLength, d]`.
 * Masks pass through.
 */
export class PositionalEncoding extends Layer {
  readonly maxLength: number;
  readonly kind: PositionalEncodingKind;
  readonly initializer: InitializerName;
  private table: tf.Variable | null = null;
  private sines: Float32Array | null = null;

  constructor(config: PositionalEncodingConfig) {
    super('PositionalEncoding', config, ['maxLength', 'kind', 'initializer']);
    const where = 'PositionalEncoding.constructor';
    this.maxLength = positiveInt(where, 'maxLength', config.maxLength);
    this.kind = oneOf(where, 'kind', config.kind ?? 'sinusoidal', ['sinusoidal', 'learned'] as const);
    this.initializer = oneOf(where, 'initializer', config.initializer ?? 'glorotUniform', INITIALIZER_NAMES);
  }

  protected override get supportsMasking(): boolean {
    return true;
  }

  protected override createWeights(inputShape: InputShape): void {
    const [, steps, features] = inputShape;
    if (inputShape.length !== 3 || features == null || (steps != null && steps > this.maxLength)) {
      throw new ShapeError({
        where: 'PositionalEncoding.build',
        problem: `inputs must be [batch, steps ≤ ${this.maxLength}, features] with known features`,
        received: { inputShape },
      });
    }
    if (this.kind === 'learned')
      this.table = this.addWeight('embeddings', [this.maxLength, features], this.initializer);
    else this.sines = sinusoids(this.maxLength, features);
  }

  protected override checkInput(shape: readonly number[]): void {
    const features = this.inputShape?.[2];
    if (shape.length !== 3 || shape[2] !== features || (shape[1] as number) > this.maxLength) {
      throw this.inputShapeError(shape, `[batch, steps ≤ ${this.maxLength}, ${features}]`);
    }
  }

  protected call(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    const [, steps, features] = x.shape as [number, number, number];
    const positions = this.table
      ? tf.slice(this.table, [0, 0], [steps, -1])
      : tf.tensor2d((this.sines as Float32Array).subarray(0, steps * features), [steps, features]);
    return tf.add(x, positions);
  }

  protected override ownConfig(): Record<string, unknown> {
    return { maxLength: this.maxLength, kind: this.kind, initializer: this.initializer };
  }
}

/** The sinusoidal table `[length, d]`, row-major. */
export function sinusoids(length: number, d: number): Float32Array {
  const out = new Float32Array(length * d);
  for (let t = 0; t < length; t++) {
    for (let i = 0; i < d; i++) {
      const angle = t / 10000 ** ((2 * Math.floor(i / 2)) / d);
      out[t * d + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

export function positionalEncoding(config: PositionalEncodingConfig): PositionalEncoding {
  return new PositionalEncoding(config);
}
