import { ConfigError, type Rng, toRng } from '@weft/core';
import { Dense, LayerNormalization, type Sequential, sequential } from '@weft/layers';
import { type TransformerEncoderOptions, transformerEncoder } from './transformer-encoder.js';

export interface MaskedTokenModelOptions extends TransformerEncoderOptions {
  /** An existing encoder to pre-train (shared, not copied); the encoder options are then ignored. */
  encoder?: Sequential;
}

/**
 * Masked-token pre-training (BERT's objective) for a Transformer encoder: the encoder, then a
 * head Dense(dModel, gelu) → LayerNormalization → Dense(vocabSize, softmax) giving, per step,
 * probabilities over the vocabulary. `model.layers[0]` is the encoder: pass it as `encoder` to
 * `transformerEncoderClassifier` to fine-tune it. Train it on {@link maskTokens}' output with a
 * cross-entropy weighted by `weights`.
 */
export function maskedTokenModel(options: MaskedTokenModelOptions): Sequential {
  const where = 'maskedTokenModel';
  const encoder =
    options.encoder ??
    transformerEncoder({ ...options, name: options.name ? `${options.name}_encoder` : undefined });
  if (typeof encoder !== 'object' || !Array.isArray(encoder.layers)) {
    throw new ConfigError({
      where,
      problem: 'encoder must be a Sequential (from transformerEncoder)',
      received: { encoder },
    });
  }
  const width = encoder.computeOutputShape([null, null]).at(-1) as number;
  return sequential(
    [
      encoder,
      new Dense({ units: width, activation: 'gelu' }),
      new LayerNormalization({ epsilon: 1e-5 }),
      new Dense({ units: options.vocabSize, activation: 'softmax' }),
    ],
    { name: options.name, seed: options.seed, inputShape: [null, null] },
  );
}

export interface MaskTokensOptions {
  /** The id that replaces masked tokens ([MASK]). */
  maskId: number;
  /** Ids are drawn from [firstId, vocabSize) for random replacements. */
  vocabSize: number;
  /** Fraction of real (non-zero) tokens chosen for prediction. Default 0.15. */
  rate?: number;
  /** Ids below this are special (padding 0, [MASK], …): never chosen, never drawn. Default 1. */
  firstId?: number;
  /** A seed or generator; default: split from core's default generator. */
  seed?: number | Rng;
}

/**
 * BERT's masking of token ids (plain arrays, padding 0): each real token is chosen with
 * probability `rate` (at least one per sequence); a chosen token becomes `maskId` 80% of the
 * time, a random id 10%, and stays 10%. Returns the model `inputs`, the `labels` (the original
 * ids) and `weights` (1 where chosen: the loss counts only those).
 */
export function maskTokens(
  ids: readonly (readonly number[])[],
  options: MaskTokensOptions,
): { inputs: number[][]; labels: number[][]; weights: number[][] } {
  const { maskId, vocabSize, rate = 0.15, firstId = 1, seed } = options;
  if (!(rate > 0 && rate <= 1) || !Number.isInteger(maskId) || !(vocabSize > firstId)) {
    throw new ConfigError({
      where: 'maskTokens',
      problem: 'rate must be in (0, 1], maskId an integer, and vocabSize above firstId',
      received: { rate, maskId, vocabSize, firstId },
    });
  }
  const rng = toRng(seed);
  const inputs: number[][] = [];
  const weights: number[][] = [];
  for (const row of ids) {
    const real = row.flatMap((id, i) => (id >= firstId ? [i] : []));
    const chosen = new Set(real.filter(() => rng.float() < rate));
    if (chosen.size === 0 && real.length > 0) chosen.add(real[rng.int(real.length)] as number);
    inputs.push(
      row.map((id, i) => {
        if (!chosen.has(i)) return id;
        const u = rng.float();
        return u < 0.8 ? maskId : u < 0.9 ? firstId + rng.int(vocabSize - firstId) : id;
      }),
    );
    weights.push(row.map((_, i) => (chosen.has(i) ? 1 : 0)));
  }
  return { inputs, labels: ids.map((row) => [...row]), weights };
}
