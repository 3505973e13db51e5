/**
 * @weft/models: the model zoo (small factories with plain-data configs) and the Pipeline.
 */

export { type CnnOptions, cnn } from './cnn.js';
export {
  type BeamSearchOptions,
  beamSearch,
  type DecodeOptions,
  greedyDecode,
  type Hypothesis,
} from './decode.js';
export {
  type MaskedTokenModelOptions,
  type MaskTokensOptions,
  maskedTokenModel,
  maskTokens,
} from './masked-token-model.js';
export { type MlpOptions, mlp } from './mlp.js';
export {
  loadPipeline,
  Pipeline,
  type PipelineConfig,
  type TableTransform,
  type TensorTransform,
} from './pipeline.js';
export { type ModelFactory, modelRegistry } from './registry.js';
export { type ColumnSchema, type ColumnType, checkSchema, inferSchema } from './schema.js';
export { type TransformerEncoderOptions, transformerEncoder } from './transformer-encoder.js';
export {
  type TransformerEncoderClassifierOptions,
  transformerEncoderClassifier,
} from './transformer-encoder-classifier.js';
export { type TransformerSeq2SeqOptions, transformerSeq2Seq } from './transformer-seq2seq.js';
