import { ConfigError, ShapeError } from '@weft/core';
import { ACTIVATION_NAMES, type ActivationName } from './activations.js';
import type { InputShape } from './layer.js';
import { oneOf, positiveInt } from './validate.js';

/** The options the Transformer encoder and decoder layers share (PyTorch's names and defaults). */
export interface TransformerBlockConfig {
  numHeads: number;
  /** Units of the feed-forward block's hidden layer (PyTorch's dim_feedforward). */
  ffDim: number;
  /** Dropout after attention, inside and after the feed-forward block, and on attention weights. Default 0.1 (PyTorch). */
  dropout?: number;
  /** The feed-forward activation. Default 'relu' (PyTorch). */
  activation?: ActivationName;
  /** Normalize before each block (pre-norm) instead of after the residual sum (post-norm, PyTorch's default). Default false. */
  normFirst?: boolean;
  /** LayerNormalization's epsilon. Default 1e-5 (PyTorch). */
  epsilon?: number;
}

export const BLOCK_KEYS = ['numHeads', 'ffDim', 'dropout', 'activation', 'normFirst', 'epsilon'];

export interface BlockOptions {
  numHeads: number;
  ffDim: number;
  dropout: number;
  activation: ActivationName;
  normFirst: boolean;
  epsilon: number;
}

export function checkBlockConfig(where: string, config: TransformerBlockConfig): BlockOptions {
  const dropout = config.dropout ?? 0.1;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new ConfigError({ where, problem: 'dropout must be in [0, 1)', received: { dropout } });
  }
  const epsilon = config.epsilon ?? 1e-5;
  if (typeof epsilon !== 'number' || !(epsilon > 0)) {
    throw new ConfigError({ where, problem: 'epsilon must be positive', received: { epsilon } });
  }
  return {
    numHeads: positiveInt(where, 'numHeads', config.numHeads),
    ffDim: positiveInt(where, 'ffDim', config.ffDim),
    dropout,
    activation: oneOf(where, 'activation', config.activation ?? 'relu', ACTIVATION_NAMES),
    normFirst: config.normFirst ?? false,
    epsilon,
  };
}

/** The model width d of `[batch, steps, d]`, which the heads must divide. */
export function modelWidth(where: string, shape: InputShape, numHeads: number): number {
  const d = shape[2];
  if (shape.length !== 3 || d == null || d % numHeads !== 0) {
    throw new ShapeError({
      where,
      problem: `inputs must be [batch, steps, d] with d divisible by numHeads (${numHeads})`,
      received: { inputShape: shape },
    });
  }
  return d;
}
