import { ConfigError } from '@weft/core';
import {
  type ActivationName,
  Embedding,
  type Layer,
  PositionalEncoding,
  type PositionalEncodingKind,
  type Sequential,
  sequential,
  TransformerEncoderLayer,
} from '@weft/layers';

/** The options of a Transformer encoder over token ids (shared by the encoder factories). */
export interface TransformerEncoderOptions {
  /** Token ids are in [0, vocabSize); id 0 is padding (masked everywhere). */
  vocabSize: number;
  /** The longest sequence (positions). */
  maxLength: number;
  /** Model width. Default 64. */
  dModel?: number;
  /** Default 2. */
  numHeads?: number;
  /** Encoder blocks. Default 2. */
  numLayers?: number;
  /** Feed-forward width. Default 128. */
  ffDim?: number;
  /** Default 0.1. */
  dropout?: number;
  /** Default 'relu'. */
  activation?: ActivationName;
  /** Pre-norm blocks. Default false (post-norm, PyTorch's default). */
  normFirst?: boolean;
  /** Default 'learned'. */
  positions?: PositionalEncodingKind;
  seed?: number;
  name?: string;
}

export function checkSizes(where: string, sizes: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || (value as number) <= 0) {
      throw new ConfigError({
        where,
        problem: `${key} must be a positive integer`,
        received: { [key]: value },
      });
    }
  }
}

/**
 * The layers of a token encoder: Embedding (id 0 masked) → positional encoding → `numLayers`
 * Transformer encoder blocks, `[batch, steps]` ids → `[batch, steps, dModel]`. The padding mask
 * flows through every block.
 */
export function encoderLayers(where: string, options: TransformerEncoderOptions): Layer[] {
  const { vocabSize, maxLength, dModel = 64, numHeads = 2, numLayers = 2, ffDim = 128 } = options;
  checkSizes(where, { vocabSize, maxLength, dModel, numHeads, numLayers, ffDim });
  if (dModel % numHeads !== 0) {
    throw new ConfigError({ where, problem: 'numHeads must divide dModel', received: { dModel, numHeads } });
  }
  const { dropout = 0.1, activation = 'relu', normFirst = false, positions = 'learned' } = options;
  return [
    new Embedding({ inputDim: vocabSize, outputDim: dModel, maskZero: true }),
    new PositionalEncoding({ maxLength, kind: positions }),
    ...Array.from(
      { length: numLayers },
      () => new TransformerEncoderLayer({ numHeads, ffDim, dropout, activation, normFirst }),
    ),
  ];
}

/** A Transformer encoder as a Sequential: ids `[batch, steps ≤ maxLength]` → `[batch, steps, dModel]`. */
export function transformerEncoder(options: TransformerEncoderOptions): Sequential {
  const layers = encoderLayers('transformerEncoder', options);
  return sequential(layers, { name: options.name, seed: options.seed, inputShape: [null, null] });
}
