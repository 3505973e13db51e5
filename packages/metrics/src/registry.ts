import { Registry } from '@weft/core';
import { Accuracy } from './accuracy.js';
import { AveragePrecision } from './average-precision.js';
import { Bleu } from './bleu.js';
import { ClassificationReportMetric } from './classification-report.js';
import { ConfusionMatrix } from './confusion-matrix.js';
import { ExplainedVariance } from './explained-variance.js';
import { F1Score } from './f1-score.js';
import { FBetaScore } from './fbeta-score.js';
import { LogLoss } from './log-loss.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanSquaredError } from './mean-squared-error.js';
import type { Metric } from './metric.js';
import { Perplexity } from './perplexity.js';
import { Precision } from './precision.js';
import { R2Score } from './r2-score.js';
import { Recall } from './recall.js';
import { RocAuc } from './roc-auc.js';
import { RootMeanSquaredError } from './root-mean-squared-error.js';
import { RougeL } from './rouge-l.js';
import { TopKAccuracy } from './top-k-accuracy.js';

/** Makes a fresh stateful metric from plain options (the class's own option object). */
// biome-ignore lint/suspicious/noExplicitAny: each factory forwards its own option type; the registry cannot name them all.
export type MetricFactory = (options?: any) => Metric<unknown, any, any>;

/**
 * Every metric by name: the functional name (`'f1Score'`), which is also the metric's `name`
 * and its key in a training History, plus the short names the tutorials print (`'mse'`).
 * Adding a metric = one row here.
 */
const METRICS: [string, MetricFactory][] = [
  ['accuracy', (o) => new Accuracy(o)],
  ['precision', (o) => new Precision(o)],
  ['recall', (o) => new Recall(o)],
  ['f1Score', (o) => new F1Score(o)],
  ['fbetaScore', (o) => new FBetaScore(o)],
  ['confusionMatrix', (o) => new ConfusionMatrix(o)],
  ['classificationReport', (o) => new ClassificationReportMetric(o)],
  ['rocAuc', (o) => new RocAuc(o)],
  ['averagePrecision', (o) => new AveragePrecision(o)],
  ['logLoss', (o) => new LogLoss(o)],
  ['topKAccuracy', (o) => new TopKAccuracy(o)],
  ['meanSquaredError', (o) => new MeanSquaredError(o)],
  ['rootMeanSquaredError', (o) => new RootMeanSquaredError(o)],
  ['meanAbsoluteError', (o) => new MeanAbsoluteError(o)],
  ['r2Score', (o) => new R2Score(o)],
  ['explainedVariance', (o) => new ExplainedVariance(o)],
  ['perplexity', (o) => new Perplexity(o)],
  ['bleu', (o) => new Bleu(o)],
  ['rougeL', () => new RougeL()],
  ['mse', (o) => new MeanSquaredError(o)],
  ['rmse', (o) => new RootMeanSquaredError(o)],
  ['mae', (o) => new MeanAbsoluteError(o)],
  ['r2', (o) => new R2Score(o)],
  ['f1', (o) => new F1Score(o)],
];

export const metricRegistry = new Registry<MetricFactory>('metric');
for (const [name, factory] of METRICS) metricRegistry.register(name, factory);
