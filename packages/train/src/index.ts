/**
 * @weft/train: fit, evaluate and predict for @weft/layers models, with losses, optimizers,
 * metrics, callbacks, checkpoints and model selection.
 */

export { type EarlyStoppingOptions, earlyStopping } from './callbacks/early-stopping.js';
export { learningRateScheduler, type SchedulerOptions } from './callbacks/learning-rate-scheduler.js';
export { type CsvLoggerOptions, csvLogger, jsonLogger, type LoggerOptions } from './callbacks/loggers.js';
export { type ModelCheckpointOptions, modelCheckpoint } from './callbacks/model-checkpoint.js';
export type { MonitorMode } from './callbacks/monitor.js';
export { type ProgressBarOptions, progressBar, type TerminalLike } from './callbacks/progress-bar.js';
export {
  type ProgressEvent,
  type ProgressEventsOptions,
  progressEvents,
} from './callbacks/progress-events.js';
export { type ReduceLROnPlateauOptions, reduceLROnPlateau } from './callbacks/reduce-lr-on-plateau.js';
export {
  cosineDecay,
  exponentialDecay,
  type Schedule,
  stepDecay,
  warmupCosine,
} from './callbacks/schedules.js';
export { type TerminateOnNaNOptions, terminateOnNaN } from './callbacks/terminate-on-nan.js';
export type { BatchInfo, Callback, Logs, TrainingControl } from './callbacks.js';
export { loadWeights, type TrainerState } from './checkpoint.js';
export type { BatchStream, FitData, TableData, TensorData, TrainBatch } from './data.js';
export type { EmaOptions } from './ema.js';
export { type EvaluateOptions, evaluate } from './evaluate.js';
export { type FitOptions, fit } from './fit.js';
export { History } from './history.js';
export { BinaryCrossentropyLoss, binaryCrossentropyLoss } from './losses/binary-crossentropy.js';
export {
  CategoricalCrossentropyLoss,
  categoricalCrossentropyLoss,
} from './losses/categorical-crossentropy.js';
export { HuberLoss, type HuberOptions, huberLoss } from './losses/huber.js';
export { MeanAbsoluteErrorLoss, meanAbsoluteErrorLoss } from './losses/mean-absolute-error.js';
export { MeanSquaredErrorLoss, meanSquaredErrorLoss } from './losses/mean-squared-error.js';
export type { CrossentropyOptions } from './losses/options.js';
export {
  type LossFactory,
  type LossName,
  type LossSpec,
  lossRegistry,
  resolveLoss,
} from './losses/registry.js';
export {
  SparseCategoricalCrossentropyLoss,
  sparseCategoricalCrossentropyLoss,
} from './losses/sparse-categorical-crossentropy.js';
export type { Loss, LossFn, OutputShape } from './losses/types.js';
export type { MetricName, MetricSpec } from './metrics/resolve.js';
export { Adam, AdamW, type AdamWOptions } from './optimizers/adamw.js';
export { WeftOptimizer } from './optimizers/base.js';
export { Momentum, type MomentumOptions } from './optimizers/momentum.js';
export {
  getLearningRate,
  type OptimizerName,
  resolveOptimizer,
  setLearningRate,
} from './optimizers/resolve.js';
export { RMSProp, type RMSPropOptions } from './optimizers/rmsprop.js';
export { SGD } from './optimizers/sgd.js';
export { type PredictOptions, predict } from './predict.js';
export { epochLines, formatValue } from './progress.js';
export {
  type CrossValidateOptions,
  type CrossValidation,
  crossValidate,
  type FoldResult,
} from './select/cross-validate.js';
export {
  combinations,
  type GridResult,
  type GridSearch,
  type GridSearchOptions,
  gridSearch,
  type ParamGrid,
} from './select/grid-search.js';
export type { TrainStep, TrainStepContext } from './step.js';
export type { ClassWeight } from './weights.js';
