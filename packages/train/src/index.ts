/**
 * @weft/train: fit, evaluate and predict for @weft/layers models.
 */
export type { Callback, Logs, TrainingControl } from './callbacks.js';
export type { FitData, TableData, TensorData } from './data.js';
export { type EvaluateOptions, evaluate } from './evaluate.js';
export { type FitOptions, fit } from './fit.js';
export { History } from './history.js';
export { meanAbsoluteErrorLoss } from './losses/mean-absolute-error.js';
export { meanSquaredErrorLoss } from './losses/mean-squared-error.js';
export { type LossName, lossRegistry, resolveLoss } from './losses/registry.js';
export type { LossFn } from './losses/types.js';
export { type OptimizerName, resolveOptimizer } from './optimizers.js';
export { type PredictOptions, predict } from './predict.js';
export { epochLines, formatValue } from './progress.js';
