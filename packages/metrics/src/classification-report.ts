import { ConfigError, ValueError } from '@weft/core';
import { ConfusionMetric, confusionOf } from './confusion-metric.js';
import type { ConfusionState } from './confusion-state.js';
import { checkThreshold, type ThresholdOption } from './label-input.js';
import type { MetricInput, WeightInput } from './metric.js';
import { type Average, prfCounts, prfScores, type ResolvedSetWise } from './set-wise.js';

export interface ClassificationReportOptions extends ThresholdOption {
  /** Labels to report, in this order (default: every label seen, ascending). */
  labels?: readonly number[];
  /** Display names of the labels, in the same order (default: the labels as text). */
  targetNames?: readonly string[];
  zeroDivision?: 0 | 1;
}

export interface ReportRow {
  precision: number;
  recall: number;
  f1Score: number;
  support: number;
}

/** scikit-learn's `classification_report(output_dict=True)`, with camelCase keys. */
export interface ClassificationReport {
  classes: ({ label: number; name: string } & ReportRow)[];
  /** Present when the micro average is plain accuracy (every label in the data is reported). */
  accuracy?: number;
  /** Present otherwise. */
  microAvg?: ReportRow;
  macroAvg: ReportRow;
  weightedAvg: ReportRow;
}

interface Resolved {
  labels: readonly number[] | undefined;
  targetNames: readonly string[] | undefined;
  zeroDivision: 0 | 1;
}

function resolve(options: ClassificationReportOptions, where: string): Resolved {
  const { labels, targetNames, zeroDivision = 0, threshold } = options;
  checkThreshold(threshold, where);
  if (
    labels !== undefined &&
    (!Array.isArray(labels) || labels.length === 0 || !labels.every(Number.isFinite))
  ) {
    throw new ConfigError({
      where,
      problem: 'labels is not valid',
      expected: 'a non-empty array of numeric labels',
      received: { labels },
    });
  }
  if (zeroDivision !== 0 && zeroDivision !== 1)
    throw new ConfigError({ where, problem: 'zeroDivision is not 0 or 1', received: { zeroDivision } });
  return { labels, targetNames, zeroDivision };
}

function fromState(state: ConfusionState, o: Resolved, where: string): ClassificationReport {
  const present = state.sortedLabels();
  const labels = o.labels ?? present;
  const names = o.targetNames ?? labels.map(String);
  if (names.length !== labels.length) {
    throw new ValueError({
      where,
      problem: 'targetNames does not have one name per label',
      expected: `${labels.length} names`,
      received: { targetNames: o.targetNames },
      fix: 'Pass { labels } to choose which labels the names belong to',
    });
  }
  const base: ResolvedSetWise = {
    average: 'none',
    labels,
    posLabel: 1,
    zeroDivision: o.zeroDivision,
    threshold: undefined,
  };
  const counts = prfCounts(state, base, where);
  const score = (average: Average): ReportRow => {
    const s = prfScores(counts, { ...base, average }, 1);
    const support = counts.trueSum.reduce((a, b) => a + b, 0);
    return {
      precision: s.precision as number,
      recall: s.recall as number,
      f1Score: s.fScore as number,
      support,
    };
  };
  const perLabel = prfScores(counts, base, 1);
  const classes = labels.map((label, i) => ({
    label,
    name: names[i] as string,
    precision: (perLabel.precision as number[])[i] as number,
    recall: (perLabel.recall as number[])[i] as number,
    f1Score: (perLabel.fScore as number[])[i] as number,
    support: counts.trueSum[i] as number,
  }));
  const labelSet = new Set(labels);
  const microIsAccuracy =
    !o.labels || (labelSet.size === present.length && present.every((l) => labelSet.has(l)));
  const micro = score('micro');
  return {
    classes,
    ...(microIsAccuracy ? { accuracy: micro.precision } : { microAvg: micro }),
    macroAvg: score('macro'),
    weightedAvg: score('weighted'),
  };
}

/**
 * Per-class precision, recall, F1 and support with their averages, as scikit-learn's
 * `classification_report(output_dict=True)`; {@link formatClassificationReport} prints it as
 * scikit-learn's text. Inputs as `accuracy`.
 */
export async function classificationReport(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: ClassificationReportOptions & { sampleWeight?: WeightInput } = {},
): Promise<ClassificationReport> {
  const where = 'classificationReport';
  const o = resolve(options, where);
  const state = await confusionOf(yTrue, yPred, options.sampleWeight, options.threshold, where);
  return fromState(state, o, where);
}

/** Stateful twin of {@link classificationReport}: exact counts per batch, `merge` adds them. */
export class ClassificationReportMetric extends ConfusionMetric<ClassificationReport> {
  readonly name = 'classificationReport';
  private readonly options: Resolved;

  constructor(options: ClassificationReportOptions = {}) {
    const resolved = resolve(options, 'ClassificationReportMetric.constructor');
    super('ClassificationReportMetric', options.threshold);
    this.options = resolved;
  }

  protected fromState(state: ConfusionState, where: string): ClassificationReport {
    return fromState(state, this.options, where);
  }
}
