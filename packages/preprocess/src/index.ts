/**
 * @weft/preprocess: fitted transforms of table columns with JSON state, plus synchronous tensor
 * forms (scalers, imputer) for use inside `tf.tidy` and in a model pipeline; a description of
 * each numeric transform as tensor ops for export; word and BPE tokenizers; image ops and
 * seeded augmentation on NHWC tensors.
 */

export { BpeTokenizer, type BpeTokenizerOptions, type BpeTokenizerState } from './bpe-tokenizer.js';
export type { Category } from './categories.js';
export { categoricalColumns } from './categories.js';
export {
  type ColumnStep,
  ColumnTransformer,
  type ColumnTransformerOptions,
  type ColumnTransformerState,
  columnTransformer,
} from './column-transformer.js';
export { numericColumns } from './columns.js';
export { Compose, type ComposeState, compose } from './compose.js';
export {
  type AugmentOptions,
  augmentImages,
  type RandomCropOptions,
  type RandomFlipOptions,
  randomCrop,
  randomFlip,
  randomRotate90,
} from './image-augment.js';
export {
  centerCrop,
  flipHorizontal,
  flipVertical,
  type ImageSize,
  imagesToFloat,
  normalizeImages,
  resizeImages,
  rotate90,
} from './image-ops.js';
export { LabelEncoder, type LabelEncoderOptions, type LabelEncoderState } from './label-encoder.js';
export { MinMaxScaler, type MinMaxScalerOptions, type MinMaxScalerState } from './min-max-scaler.js';
export { OneHotEncoder, type OneHotEncoderOptions, type OneHotEncoderState } from './one-hot-encoder.js';
export { applyOps, type DescribesOps, type TensorOp } from './ops.js';
export { OrdinalEncoder, type OrdinalEncoderOptions, type OrdinalEncoderState } from './ordinal-encoder.js';
export { type TransformFactory, transformFromState, transformRegistry } from './registry.js';
export { RobustScaler, type RobustScalerOptions, type RobustScalerState } from './robust-scaler.js';
export {
  type ImputeStrategy,
  SimpleImputer,
  type SimpleImputerOptions,
  type SimpleImputerState,
} from './simple-imputer.js';
export { StandardScaler, type StandardScalerOptions, type StandardScalerState } from './standard-scaler.js';
export {
  CLS_ID,
  type EncodeBatchOptions,
  type EncodeOptions,
  MASK_ID,
  PAD_ID,
  SEP_ID,
  SPECIAL_TOKENS,
  type SpecialToken,
  type TextInput,
  UNK_ID,
} from './text.js';
export { type Tokenizer, type TokenizerState, tokenizerFromState } from './tokenizer-from-state.js';
export type { Transform, TransformState } from './transform.js';
export {
  type PunctuationRule,
  WordTokenizer,
  type WordTokenizerOptions,
  type WordTokenizerState,
} from './word-tokenizer.js';
