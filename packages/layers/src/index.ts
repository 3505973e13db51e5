/**
 * @weft/layers: layers written on tfjs-core ops, with seeded initializers, config round-trip and
 * the native save format (`weft.json` + `weights.safetensors`). The test harness every layer
 * passes is the subpath `@weft/layers/testing`.
 */
export { ACTIVATION_NAMES, type ActivationName, activate } from './activations.js';
export { conv2dFilterGradient, type Padding } from './conv-utils.js';
export { Conv2D, type Conv2DConfig, conv2d } from './conv2d.js';
export { Dense, type DenseConfig, dense } from './dense.js';
export { Dropout, type DropoutConfig, dropout } from './dropout.js';
export { Embedding, type EmbeddingConfig, embedding } from './embedding.js';
export { Flatten, type FlattenConfig, flatten } from './flatten.js';
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
  LAYER_CONFIG_KEYS,
  Layer,
  type LayerConfig,
  type NamedWeight,
  toSnakeCase,
  uniqueLayerName,
} from './layer.js';
export {
  LayerNormalization,
  type LayerNormalizationConfig,
  layerNormalization,
} from './layer-normalization.js';
export { MaxPool2D, type MaxPool2DConfig, maxPool2d } from './max-pool2d.js';
export { type LayerFactory, layerFromConfig, layerRegistry } from './registry.js';
export { Reshape, type ReshapeConfig, reshape } from './reshape.js';
export { Sequential, type SequentialConfig, type SequentialOptions, sequential } from './sequential.js';
export { summarize } from './summary.js';
export { getWeights, setWeights } from './weights.js';
