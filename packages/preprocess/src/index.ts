/**
 * @weft/preprocess: fitted transforms of table columns with JSON state, plus synchronous tensor
 * forms (scalers, imputer) for use inside `tf.tidy` and in a model pipeline.
 */
export type { Category } from './categories.js';
export { categoricalColumns } from './categories.js';
export { numericColumns } from './columns.js';
export { Compose, type ComposeState, compose } from './compose.js';
export { LabelEncoder, type LabelEncoderOptions, type LabelEncoderState } from './label-encoder.js';
export { MinMaxScaler, type MinMaxScalerOptions, type MinMaxScalerState } from './min-max-scaler.js';
export { OneHotEncoder, type OneHotEncoderOptions, type OneHotEncoderState } from './one-hot-encoder.js';
export { OrdinalEncoder, type OrdinalEncoderOptions, type OrdinalEncoderState } from './ordinal-encoder.js';
export { type TransformFactory, transformFromState, transformRegistry } from './registry.js';
export {
  type ImputeStrategy,
  SimpleImputer,
  type SimpleImputerOptions,
  type SimpleImputerState,
} from './simple-imputer.js';
export { StandardScaler, type StandardScalerOptions, type StandardScalerState } from './standard-scaler.js';
export type { Transform, TransformState } from './transform.js';
