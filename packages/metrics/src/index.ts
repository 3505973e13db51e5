/**
 * @weft/metrics: scikit-learn-compatible metrics (and sacreBLEU, rouge-score, perplexity), each
 * as an async function (`await f1Score(yTrue, yPred, { average: 'macro' })`) and a stateful
 * class with `update`, `compute`, `reset` and `merge` (`new F1Score({ average: 'macro' })`).
 * Inputs are number arrays, typed arrays or tensors; results are plain numbers.
 */

// Classification from labels (exact integer counts).
export { Accuracy, type AccuracyOptions, accuracy } from './accuracy.js';
// Classification from scores and probabilities.
export { AveragePrecision, type AveragePrecisionOptions, averagePrecision } from './average-precision.js';
// Text and language models.
export {
  Bleu,
  type BleuOptions,
  type BleuSmoothMethod,
  type BleuStats,
  bleu,
  bleuFromStats,
  type References,
} from './bleu.js';
export {
  type ClassificationReport,
  ClassificationReportMetric,
  type ClassificationReportOptions,
  classificationReport,
  type ReportRow,
} from './classification-report.js';
export { ConfusionMatrix, type ConfusionMatrixOptions, confusionMatrix } from './confusion-matrix.js';
// Regression (float64 sums).
export { ExplainedVariance, type ExplainedVarianceOptions, explainedVariance } from './explained-variance.js';
export { F1Score, f1Score } from './f1-score.js';
export { type FBetaOptions, FBetaScore, fbetaScore } from './fbeta-score.js';
export { formatClassificationReport } from './format-report.js';
export type { ThresholdOption } from './label-input.js';
export { LogLoss, type LogLossOptions, logLoss } from './log-loss.js';
export { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error.js';
export { MeanSquaredError, meanSquaredError } from './mean-squared-error.js';
// The common interface and the registry.
export type { JsonValue, Metric, MetricInput, WeightInput } from './metric.js';
export type { Multioutput, RegressionResult, VarianceMultioutput } from './multioutput.js';
export type { RankAverage, RankResult } from './one-vs-rest.js';
export { Perplexity, type PerplexityOptions, perplexity, type TokenInput } from './perplexity.js';
export { Precision, precision } from './precision.js';
export { R2Score, type R2ScoreOptions, r2Score } from './r2-score.js';
export { Recall, recall } from './recall.js';
export { type MetricFactory, metricRegistry } from './registry.js';
export type { RegressionFnOptions, RegressionOptions } from './regression-metric.js';
export { RocAuc, type RocAucOptions, rocAuc } from './roc-auc.js';
export { RootMeanSquaredError, rootMeanSquaredError } from './root-mean-squared-error.js';
export { RougeL, rougeL } from './rouge-l.js';
export type { Average, AverageResult, SetWiseOptions } from './set-wise.js';
export { TopKAccuracy, type TopKAccuracyOptions, topKAccuracy } from './top-k-accuracy.js';
