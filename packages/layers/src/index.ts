/**
 * @weft/layers: layers written on tfjs-core ops, with seeded initializers, config round-trip and
 * the native save format (`weft.json` + `weights.safetensors`). The test harness every layer
 * passes is the subpath `@weft/layers/testing`.
 */
export { ACTIVATION_NAMES, type ActivationName, activate } from './activations.js';
export { Add, type AddConfig, add } from './add.js';
export { AvgPool2D, type AvgPool2DConfig, avgPool2d } from './avg-pool2d.js';
export {
  BatchNormalization,
  type BatchNormalizationConfig,
  batchNormalization,
} from './batch-normalization.js';
export { Concatenate, type ConcatenateConfig, concatenate } from './concatenate.js';
export { conv2dFilterGradient, conv2dTrainable, dilateKernel, type Padding } from './conv-utils.js';
export { Conv1D, type Conv1DConfig, type Conv1DPadding, conv1d } from './conv1d.js';
export { Conv2D, type Conv2DConfig, conv2d } from './conv2d.js';
export { Dense, type DenseConfig, dense } from './dense.js';
export { Dropout, type DropoutConfig, dropout, dropoutWith } from './dropout.js';
export { Embedding, type EmbeddingConfig, embedding } from './embedding.js';
export { Flatten, type FlattenConfig, flatten } from './flatten.js';
export { type InputConfig, input, Model, type ModelConfig, model } from './functional.js';
export {
  GlobalAveragePool1D,
  type GlobalAveragePool1DConfig,
  globalAveragePool1d,
} from './global-average-pool1d.js';
export {
  GlobalAveragePool2D,
  type GlobalAveragePool2DConfig,
  globalAveragePool2d,
} from './global-average-pool2d.js';
export { GRU, type GRUConfig, gru } from './gru.js';
export {
  fans,
  INITIALIZER_NAMES,
  type InitializerName,
  initialTensor,
  initialValues,
} from './initializers.js';
export {
  decodeModel,
  type EncodeOptions,
  encodeModel,
  FORMAT_VERSION,
  type WeftManifest,
} from './io/model-format.js';
export { loadModel, MANIFEST_FILE, type SaveOptions, saveModel, WEIGHTS_FILE } from './io/node-fs.js';
export {
  MAX_HEADER_BYTES,
  readSafetensors,
  type SafetensorsDType,
  type SafetensorsTensor,
  writeSafetensors,
} from './io/safetensors.js';
export {
  type ApplyOptions,
  formatShape,
  type InputShape,
  isShapeList,
  LAYER_CONFIG_KEYS,
  Layer,
  type LayerConfig,
  type Mask,
  maskToFloat,
  type NamedWeight,
  type Shapes,
  toSnakeCase,
  uniqueLayerName,
} from './layer.js';
export {
  LayerNormalization,
  type LayerNormalizationConfig,
  layerNormalization,
} from './layer-normalization.js';
export { LSTM, type LSTMConfig, lstm } from './lstm.js';
export { MaxPool2D, type MaxPool2DConfig, maxPool2d } from './max-pool2d.js';
export {
  MultiHeadAttention,
  type MultiHeadAttentionConfig,
  multiHeadAttention,
} from './multi-head-attention.js';
export {
  PositionalEncoding,
  type PositionalEncodingConfig,
  type PositionalEncodingKind,
  positionalEncoding,
  sinusoids,
} from './positional-encoding.js';
export { Recurrent, type RecurrentConfig } from './recurrent.js';
export { type LayerFactory, layerFromConfig, layerRegistry } from './registry.js';
export { checkRegularizer, penalty, type Regularizer } from './regularizers.js';
export { Reshape, type ReshapeConfig, reshape } from './reshape.js';
export { Sequential, type SequentialConfig, type SequentialOptions, sequential } from './sequential.js';
export { formatTable, summarize } from './summary.js';
export { type GraphNode, isSymbolic, type SymbolicShape, SymbolicTensor } from './symbolic.js';
export {
  TransformerDecoderLayer,
  type TransformerDecoderLayerConfig,
  transformerDecoderLayer,
} from './transformer-decoder-layer.js';
export {
  TransformerEncoderLayer,
  type TransformerEncoderLayerConfig,
  transformerEncoderLayer,
} from './transformer-encoder-layer.js';
export type { TransformerBlockConfig } from './transformer-utils.js';
export { getWeights, setWeights } from './weights.js';
