import { ConfigError } from '@weft/core';
import { type ActivationName, Dense, GlobalAveragePool1D, type Sequential, sequential } from '@weft/layers';
import { checkSizes, encoderLayers, type TransformerEncoderOptions } from './transformer-encoder.js';

export interface TransformerEncoderClassifierOptions extends TransformerEncoderOptions {
  classes: number;
  /** Default 'softmax' (probabilities, like `cnn`); 'linear' for logits. */
  outputActivation?: ActivationName;
  /**
   * A (pre-trained) encoder to classify with, e.g. the one inside `maskedTokenModel`: its layers
   * are used, not copied, so its weights are shared. The encoder options are then ignored.
   */
  encoder?: Sequential;
}

/**
 * A Transformer encoder classifier: ids `[batch, steps]` (0 = padding) → Embedding + positions →
 * encoder blocks → mean over the real steps → Dense(classes). With the defaults it is reference
 * workload B6 (Embedding(1000, 64) + learned positions, 2 blocks, 2 heads, ff 128).
 */
export function transformerEncoderClassifier(options: TransformerEncoderClassifierOptions): Sequential {
  const where = 'transformerEncoderClassifier';
  const { classes, outputActivation = 'softmax', encoder, seed, name } = options;
  checkSizes(where, { classes });
  if (encoder !== undefined && (typeof encoder !== 'object' || !Array.isArray(encoder.layers))) {
    throw new ConfigError({
      where,
      problem: 'encoder must be a Sequential (from transformerEncoder)',
      received: { encoder },
    });
  }
  const trunk = encoder ? [encoder] : encoderLayers(where, options);
  const head = [new GlobalAveragePool1D(), new Dense({ units: classes, activation: outputActivation })];
  return sequential([...trunk, ...head], { name, seed, inputShape: [null, null] });
}
