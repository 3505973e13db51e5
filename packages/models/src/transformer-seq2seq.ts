import { ConfigError } from '@weft/core';
import {
  type ActivationName,
  Dense,
  Embedding,
  input,
  type Model,
  model,
  PositionalEncoding,
  type PositionalEncodingKind,
  type SymbolicTensor,
  TransformerDecoderLayer,
  TransformerEncoderLayer,
} from '@weft/layers';
import { checkSizes } from './transformer-encoder.js';

export interface TransformerSeq2SeqOptions {
  /** Source ids are in [0, sourceVocab); 0 is padding. */
  sourceVocab: number;
  /** Target ids are in [0, targetVocab); 0 is padding (the start and end ids are the caller's). */
  targetVocab: number;
  /** The longest source or target sequence. */
  maxLength: number;
  /** Default 64. */
  dModel?: number;
  /** Default 2. */
  numHeads?: number;
  /** Default 2. */
  encoderLayers?: number;
  /** Default 2. */
  decoderLayers?: number;
  /** Default 128. */
  ffDim?: number;
  /** Default 0.1. */
  dropout?: number;
  /** Default 'relu'. */
  activation?: ActivationName;
  /** Default false (post-norm). */
  normFirst?: boolean;
  /** Default 'sinusoidal'. */
  positions?: PositionalEncodingKind;
  /** Seeds every layer (each gets a seed forked from it by role). */
  seed?: number;
  name?: string;
}

/**
 * An encoder-decoder Transformer (Vaswani et al.) as a functional model with two inputs,
 * `[source ids [batch, sourceSteps], target ids [batch, targetSteps]]` → next-token probabilities
 * `[batch, targetSteps, targetVocab]`. Padding (id 0) is masked on both sides; the decoder's
 * self-attention is causal, so step t sees target ids ≤ t: train with teacher forcing (targets
 * shifted right behind a start id), decode with `greedyDecode` or `beamSearch`.
 */
export function transformerSeq2Seq(options: TransformerSeq2SeqOptions): Model {
  const where = 'transformerSeq2Seq';
  const {
    sourceVocab,
    targetVocab,
    maxLength,
    dModel = 64,
    numHeads = 2,
    encoderLayers = 2,
    decoderLayers = 2,
    ffDim = 128,
    dropout = 0.1,
    activation = 'relu',
    normFirst = false,
    positions = 'sinusoidal',
    seed,
    name,
  } = options;
  checkSizes(where, {
    sourceVocab,
    targetVocab,
    maxLength,
    dModel,
    numHeads,
    encoderLayers,
    decoderLayers,
    ffDim,
  });
  if (dModel % numHeads !== 0) {
    throw new ConfigError({ where, problem: 'numHeads must divide dModel', received: { dModel, numHeads } });
  }
  let counter = 0;
  // Each layer's seed comes from the model seed and its position, as sequential() does.
  const seeded = <T extends object>(config: T) =>
    seed === undefined ? config : { ...config, seed: seed * 1000 + counter++ };
  const block = { numHeads, ffDim, dropout, activation, normFirst };
  const source = input({ shape: [null], dtype: 'int32', name: `${name ?? 'seq2seq'}_source` });
  const target = input({ shape: [null], dtype: 'int32', name: `${name ?? 'seq2seq'}_target` });
  let memory: SymbolicTensor = new Embedding(
    seeded({ inputDim: sourceVocab, outputDim: dModel, maskZero: true }),
  ).apply(source);
  memory = new PositionalEncoding(seeded({ maxLength, kind: positions })).apply(memory);
  for (let i = 0; i < encoderLayers; i++) memory = new TransformerEncoderLayer(seeded(block)).apply(memory);
  let h: SymbolicTensor = new Embedding(
    seeded({ inputDim: targetVocab, outputDim: dModel, maskZero: true }),
  ).apply(target);
  h = new PositionalEncoding(seeded({ maxLength, kind: positions })).apply(h);
  for (let i = 0; i < decoderLayers; i++)
    h = new TransformerDecoderLayer(seeded({ ...block, causal: true })).apply([h, memory]);
  const probs = new Dense(seeded({ units: targetVocab, activation: 'softmax' as const })).apply(h);
  return model({ inputs: [source, target], outputs: probs, name });
}
