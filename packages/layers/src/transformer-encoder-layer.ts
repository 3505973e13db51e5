import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@weft/core';
import { Dense } from './dense.js';
import { dropoutWith } from './dropout.js';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig } from './layer.js';
import { LayerNormalization } from './layer-normalization.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import {
  BLOCK_KEYS,
  type BlockOptions,
  checkBlockConfig,
  modelWidth,
  type TransformerBlockConfig,
} from './transformer-utils.js';

export interface TransformerEncoderLayerConfig extends LayerConfig, TransformerBlockConfig {
  /** Self-attention only to earlier steps. Default false. */
  causal?: boolean;
}

interface Parts {
  attention: MultiHeadAttention;
  norm1: LayerNormalization;
  ff1: Dense;
  ff2: Dense;
  norm2: LayerNormalization;
}

/**
 * One Transformer encoder block on `[batch, steps, d]`, as PyTorch's `nn.TransformerEncoderLayer`
 * (batch first): self-attention with `numHeads` heads of size d / numHeads, then a feed-forward
 * block d → ffDim → d, each with dropout and a residual sum. Post-norm by default
 * (`x = norm1(x + attention(x))`, PyTorch's default), pre-norm with `normFirst`. The input's mask
 * (`ApplyOptions.mask`, `[batch, steps]`) hides padded keys, and passes through.
 *
 * Its parts are layers named `<name>_attention`, `<name>_norm1`, `<name>_ff1`, `<name>_ff2`,
 * `<name>_norm2`, created when it is built, with seeds drawn from its own.
 */
export class TransformerEncoderLayer extends Layer {
  readonly options: BlockOptions;
  readonly causal: boolean;
  private parts: Parts | null = null;
  private stream: Rng | null = null;

  constructor(config: TransformerEncoderLayerConfig) {
    super('TransformerEncoderLayer', config, [...BLOCK_KEYS, 'causal']);
    this.options = checkBlockConfig('TransformerEncoderLayer.constructor', config);
    this.causal = config.causal ?? false;
  }

  protected override get supportsMasking(): boolean {
    return true;
  }

  protected override createWeights(inputShape: InputShape): void {
    const { numHeads, ffDim, dropout, activation, epsilon } = this.options;
    const d = modelWidth('TransformerEncoderLayer.build', inputShape, numHeads);
    const rng = this.rng();
    const common = (part: string) => ({
      name: `${this.name}_${part}`,
      seed: rng.fork(part).nextSeed(),
      trainable: this.trainable,
    });
    const parts: Parts = {
      attention: new MultiHeadAttention({
        ...common('attention'),
        numHeads,
        keyDim: d / numHeads,
        dropout,
        causal: this.causal,
      }),
      norm1: new LayerNormalization({ ...common('norm1'), epsilon }),
      ff1: new Dense({ ...common('ff1'), units: ffDim, activation }),
      ff2: new Dense({ ...common('ff2'), units: d }),
      norm2: new LayerNormalization({ ...common('norm2'), epsilon }),
    };
    try {
      parts.attention.build(inputShape);
      parts.norm1.build(inputShape);
      parts.ff1.build(inputShape);
      parts.ff2.build([null, inputShape[1] ?? null, ffDim]);
      parts.norm2.build(inputShape);
    } catch (error) {
      for (const part of Object.values(parts)) part.dispose();
      throw error;
    }
    this.parts = parts;
  }

  protected override checkInput(shape: readonly number[]): void {
    const d = this.inputShape?.[2];
    if (shape.length !== 3 || shape[2] !== d) throw this.inputShapeError(shape, `[batch, steps, ${d}]`);
  }

  protected call(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    const { attention, norm1, ff1, ff2, norm2 } = this.parts as Parts;
    const training = options.training ?? false;
    const drop = (t: tf.Tensor) => this.drop(t, training);
    const selfAttention = (t: tf.Tensor) => drop(attention.apply(t, { training, mask: options.mask }));
    const feedForward = (t: tf.Tensor) => drop(ff2.apply(drop(ff1.apply(t))));
    if (this.options.normFirst) {
      const h = tf.add(x, selfAttention(norm1.apply(x)));
      return tf.add(h, feedForward(norm2.apply(h)));
    }
    const h = norm1.apply(tf.add(x, selfAttention(x)));
    return norm2.apply(tf.add(h, feedForward(h)));
  }

  private drop(t: tf.Tensor, training: boolean): tf.Tensor {
    if (!training || this.options.dropout === 0) return t;
    this.stream ??= this.rng().fork('dropout');
    return dropoutWith(t, this.options.dropout, this.stream);
  }

  protected override randomStreams(): Record<string, Rng> {
    if (this.options.dropout === 0) return {};
    this.stream ??= this.rng().fork('dropout');
    return { dropout: this.stream };
  }

  protected override get sublayers(): readonly Layer[] {
    return this.parts ? Object.values(this.parts) : [];
  }

  protected override ownConfig(): Record<string, unknown> {
    return { ...this.options, causal: this.causal };
  }
}

export function transformerEncoderLayer(config: TransformerEncoderLayerConfig): TransformerEncoderLayer {
  return new TransformerEncoderLayer(config);
}
