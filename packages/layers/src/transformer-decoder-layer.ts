import * as tf from '@tensorflow/tfjs-core';
import { type Rng, ShapeError } from '@weft/core';
import { Dense } from './dense.js';
import { dropoutWith } from './dropout.js';
import {
  type ApplyOptions,
  type InputShape,
  isShapeList,
  Layer,
  type LayerConfig,
  type Mask,
  type Shapes,
} from './layer.js';
import { LayerNormalization } from './layer-normalization.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import {
  BLOCK_KEYS,
  type BlockOptions,
  checkBlockConfig,
  modelWidth,
  type TransformerBlockConfig,
} from './transformer-utils.js';

export interface TransformerDecoderLayerConfig extends LayerConfig, TransformerBlockConfig {
  /** Self-attention only to earlier target steps. Default true (PyTorch takes it as a mask argument). */
  causal?: boolean;
}

interface Parts {
  selfAttention: MultiHeadAttention;
  norm1: LayerNormalization;
  crossAttention: MultiHeadAttention;
  norm2: LayerNormalization;
  ff1: Dense;
  ff2: Dense;
  norm3: LayerNormalization;
}

/**
 * One Transformer decoder block, as PyTorch's `nn.TransformerDecoderLayer` (batch first), applied
 * to `[target, memory]` (`[batch, targetSteps, d]`, `[batch, sourceSteps, dMemory]`): causal
 * self-attention over the target, attention from the target to the memory (the encoder's
 * output), then the feed-forward block, each with dropout and a residual sum; post-norm by
 * default, pre-norm with `normFirst`. Masks `[targetMask, memoryMask]` hide padded target and
 * memory steps; the output keeps the target's mask.
 */
export class TransformerDecoderLayer extends Layer {
  readonly options: BlockOptions;
  readonly causal: boolean;
  private parts: Parts | null = null;
  private stream: Rng | null = null;

  constructor(config: TransformerDecoderLayerConfig) {
    super('TransformerDecoderLayer', config, [...BLOCK_KEYS, 'causal']);
    this.options = checkBlockConfig('TransformerDecoderLayer.constructor', config);
    this.causal = config.causal ?? true;
  }

  override computeOutputShape(inputShape: Shapes): InputShape {
    return this.split(inputShape)[0];
  }

  protected override get supportsMasking(): boolean {
    return true;
  }

  protected override createWeights(inputShape: Shapes): void {
    const [target, memory] = this.split(inputShape);
    const { numHeads, ffDim, dropout, activation, epsilon } = this.options;
    const d = modelWidth('TransformerDecoderLayer.build', target, numHeads);
    const rng = this.rng();
    const common = (part: string) => ({
      name: `${this.name}_${part}`,
      seed: rng.fork(part).nextSeed(),
      trainable: this.trainable,
    });
    const keyDim = d / numHeads;
    const parts: Parts = {
      selfAttention: new MultiHeadAttention({
        ...common('self_attention'),
        numHeads,
        keyDim,
        dropout,
        causal: this.causal,
      }),
      norm1: new LayerNormalization({ ...common('norm1'), epsilon }),
      crossAttention: new MultiHeadAttention({ ...common('cross_attention'), numHeads, keyDim, dropout }),
      norm2: new LayerNormalization({ ...common('norm2'), epsilon }),
      ff1: new Dense({ ...common('ff1'), units: ffDim, activation }),
      ff2: new Dense({ ...common('ff2'), units: d }),
      norm3: new LayerNormalization({ ...common('norm3'), epsilon }),
    };
    try {
      parts.selfAttention.build(target);
      parts.norm1.build(target);
      parts.crossAttention.build([target, memory]);
      parts.norm2.build(target);
      parts.ff1.build(target);
      parts.ff2.build([null, target[1] ?? null, ffDim]);
      parts.norm3.build(target);
    } catch (error) {
      for (const part of Object.values(parts)) part.dispose();
      throw error;
    }
    this.parts = parts;
  }

  protected override checkInput(shape: readonly number[] | readonly (readonly number[])[]): void {
    const [target, memory] = (this.inputShapes ?? []) as InputShape[];
    const list = shape as readonly (readonly number[])[];
    const ok =
      Array.isArray(shape[0]) &&
      list.length === 2 &&
      list[0]?.length === 3 &&
      list[1]?.length === 3 &&
      list[0][2] === target?.[2] &&
      list[1][2] === memory?.[2] &&
      list[0][0] === list[1][0];
    if (!ok)
      throw this.inputShapeError(
        shape,
        `[target [batch, steps, ${target?.[2]}], memory [batch, steps, ${memory?.[2]}]]`,
      );
  }

  protected call(x: tf.Tensor | tf.Tensor[], options: ApplyOptions): tf.Tensor {
    const [target, memory] = x as tf.Tensor[] as [tf.Tensor, tf.Tensor];
    const { selfAttention, norm1, crossAttention, norm2, ff1, ff2, norm3 } = this.parts as Parts;
    const training = options.training ?? false;
    const masks: Mask = Array.isArray(options.mask) ? options.mask : [options.mask ?? null, null];
    const [targetMask = null, memoryMask = null] = masks as (tf.Tensor | null)[];
    const drop = (t: tf.Tensor) => this.drop(t, training);
    const attendSelf = (t: tf.Tensor) => drop(selfAttention.apply(t, { training, mask: targetMask }));
    const attendMemory = (t: tf.Tensor) =>
      drop(crossAttention.apply([t, memory], { training, mask: [targetMask, memoryMask] }));
    const feedForward = (t: tf.Tensor) => drop(ff2.apply(drop(ff1.apply(t))));
    if (this.options.normFirst) {
      let h = tf.add(target, attendSelf(norm1.apply(target)));
      h = tf.add(h, attendMemory(norm2.apply(h)));
      return tf.add(h, feedForward(norm3.apply(h)));
    }
    let h = norm1.apply(tf.add(target, attendSelf(target)));
    h = norm2.apply(tf.add(h, attendMemory(h)));
    return norm3.apply(tf.add(h, feedForward(h)));
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

  private split(inputShape: Shapes): [InputShape, InputShape] {
    if (!isShapeList(inputShape) || inputShape.length !== 2) {
      throw new ShapeError({
        where: 'TransformerDecoderLayer.build',
        problem: 'the decoder takes [target, memory]',
        received: { inputShape },
        fix: 'Call it on a list: decoder.apply([target, encoderOutput])',
      });
    }
    return [inputShape[0] as InputShape, inputShape[1] as InputShape];
  }

  protected override get sublayers(): readonly Layer[] {
    return this.parts ? Object.values(this.parts) : [];
  }

  protected override ownConfig(): Record<string, unknown> {
    return { ...this.options, causal: this.causal };
  }
}

export function transformerDecoderLayer(config: TransformerDecoderLayerConfig): TransformerDecoderLayer {
  return new TransformerDecoderLayer(config);
}
