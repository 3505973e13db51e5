/**
 * @weft/metrics: scikit-learn-compatible metrics, each as an async function
 * (`await meanSquaredError(yTrue, yPred)`) and a stateful class with `update`, `compute`,
 * `reset` and `merge` (`new MeanSquaredError()`).
 */
export { ExplainedVariance, type ExplainedVarianceOptions, explainedVariance } from './explained-variance.js';
export { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error.js';
export { MeanSquaredError, meanSquaredError } from './mean-squared-error.js';
export type { JsonValue, Metric, MetricInput, WeightInput } from './metric.js';
export type { Multioutput, RegressionResult, VarianceMultioutput } from './multioutput.js';
export { R2Score, type R2ScoreOptions, r2Score } from './r2-score.js';
export type { RegressionFnOptions, RegressionOptions } from './regression-metric.js';
export { RootMeanSquaredError, rootMeanSquaredError } from './root-mean-squared-error.js';
