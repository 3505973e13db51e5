/**
 * @weft/export: save, load and exchange models and pipelines — the native format, safetensors
 * weights, tfjs LayersModel, ONNX (opset 17) and Keras 3 `.keras`.
 */
export { downloadBlob, toBlob } from './browser/download.js';
export {
  IDB_DATABASE,
  IDB_STORE,
  type IndexedDBOptions,
  loadFromIndexedDB,
  saveToIndexedDB,
} from './browser/indexeddb.js';
export { type LoadFromUrlOptions, loadFromUrl } from './browser/url.js';
export { type Files, MAX_WEIGHT_BYTES } from './files.js';
export { KERAS_VERSION, type KerasOptions, kerasLayerPaths, toKeras, toKerasFiles } from './keras/export.js';
export { fromKeras, fromKerasFiles } from './keras/import.js';
export { KERAS_CLASS } from './keras-config.js';
export { type DecodedWeft, decodeWeft, encodeWeft } from './native.js';
export { ONNX_OPSET, toOnnx } from './onnx/export.js';
export { ONNX_LAYERS } from './onnx/layers.js';
export type { TensorOp } from './onnx/ops.js';
export {
  EXPORT_FORMATS,
  type ExportFormat,
  FILE_NAMES,
  type Loaded,
  load,
  type SaveOptions,
  save,
  toFiles,
} from './save.js';
export { TFJS_MODEL_FILE, TFJS_WEIGHTS_FILE, toTfjs } from './tfjs/export.js';
export { fromTfjs, type ReadFile } from './tfjs/import.js';
export {
  exportTutorialArtifacts,
  PREPROCESSING_FILE,
  preprocessingJson,
  type TutorialArtifacts,
} from './tutorial.js';
export { exportWeights, type ImportWeightsOptions, importWeights } from './weights.js';
