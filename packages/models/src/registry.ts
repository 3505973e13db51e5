import { Registry } from '@weft/core';
import type { Layer } from '@weft/layers';
import { type CnnOptions, cnn } from './cnn.js';
import { type MaskedTokenModelOptions, maskedTokenModel } from './masked-token-model.js';
import { type MlpOptions, mlp } from './mlp.js';
import { type TransformerEncoderOptions, transformerEncoder } from './transformer-encoder.js';
import {
  type TransformerEncoderClassifierOptions,
  transformerEncoderClassifier,
} from './transformer-encoder-classifier.js';
import { type TransformerSeq2SeqOptions, transformerSeq2Seq } from './transformer-seq2seq.js';

/** Builds a model from plain-data options. */
export type ModelFactory = (options: Record<string, unknown>) => Layer;

/** The model zoo by name. Adding a model = its file, its test, and one line here. */
export const modelRegistry: Registry<ModelFactory> = new Registry<ModelFactory>('model')
  .register('cnn', (options) => cnn(options as unknown as CnnOptions))
  .register('maskedTokenModel', (options) => maskedTokenModel(options as unknown as MaskedTokenModelOptions))
  .register('mlp', (options) => mlp(options as unknown as MlpOptions))
  .register('transformerEncoder', (options) =>
    transformerEncoder(options as unknown as TransformerEncoderOptions),
  )
  .register('transformerEncoderClassifier', (options) =>
    transformerEncoderClassifier(options as unknown as TransformerEncoderClassifierOptions),
  )
  .register('transformerSeq2Seq', (options) =>
    transformerSeq2Seq(options as unknown as TransformerSeq2SeqOptions),
  );
