import { ConfigError, ValueError } from '@weft/core';
import { ConfusionMetric, confusionOf } from './confusion-metric.js';
import type { ConfusionState } from './confusion-state.js';
import { checkThreshold, type ThresholdOption } from './label-input.js';
import type { MetricInput, WeightInput } from './metric.js';

export interface ConfusionMatrixOptions extends ThresholdOption {
  /** Row and column order; samples whose labels are not listed are left out (default: every label seen, ascending). */
  labels?: readonly number[];
  /** Divide by row sums ('true'), column sums ('pred') or the total ('all'); empty rows or columns stay 0. */
  normalize?: 'true' | 'pred' | 'all';
}

interface Resolved {
  labels: readonly number[] | undefined;
  normalize: 'true' | 'pred' | 'all' | undefined;
}

function resolve(options: ConfusionMatrixOptions, where: string): Resolved {
  const { labels, normalize, threshold } = options;
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
  if (normalize !== undefined && !['true', 'pred', 'all'].includes(normalize)) {
    throw new ConfigError({
      where,
      problem: 'normalize is not valid',
      expected: "'true', 'pred' or 'all'",
      received: { normalize },
    });
  }
  return { labels, normalize };
}

/** Rows = true labels, columns = predicted, in `labels` order (scikit-learn's `confusion_matrix`). */
function fromState(state: ConfusionState, o: Resolved, where: string): number[][] {
  const labels = o.labels ?? state.sortedLabels();
  if (o.labels?.every((l) => state.sums(l).trueSum === 0)) {
    throw new ValueError({
      where,
      problem: 'none of the labels asked for occurs in yTrue',
      expected: 'at least one of the labels to be a true label',
      received: { labels: o.labels },
    });
  }
  const cm = labels.map((t) => labels.map((p) => state.get(t, p)));
  if (!o.normalize) return cm;
  const rowSums = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = labels.map((_, j) => cm.reduce((a, row) => a + (row[j] as number), 0));
  const all = rowSums.reduce((a, b) => a + b, 0);
  const ratio = (v: number, d: number): number => (d === 0 ? 0 : v / d);
  return cm.map((row, i) =>
    row.map((v, j) =>
      ratio(
        v,
        o.normalize === 'true'
          ? (rowSums[i] as number)
          : o.normalize === 'pred'
            ? (colSums[j] as number)
            : all,
      ),
    ),
  );
}

/**
 * Confusion matrix, as scikit-learn's `confusion_matrix`: `cm[i][j]` counts samples of true
 * label `labels[i]` predicted as `labels[j]`. Inputs as {@link accuracy}.
 */
export async function confusionMatrix(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: ConfusionMatrixOptions & { sampleWeight?: WeightInput } = {},
): Promise<number[][]> {
  const where = 'confusionMatrix';
  const o = resolve(options, where);
  const state = await confusionOf(yTrue, yPred, options.sampleWeight, options.threshold, where);
  return fromState(state, o, where);
}

/** Stateful twin of {@link confusionMatrix}: exact counts per batch, `merge` adds them. */
export class ConfusionMatrix extends ConfusionMetric<number[][]> {
  readonly name = 'confusionMatrix';
  private readonly options: Resolved;

  constructor(options: ConfusionMatrixOptions = {}) {
    const resolved = resolve(options, 'ConfusionMatrix.constructor');
    super('ConfusionMatrix', options.threshold);
    this.options = resolved;
  }

  /** The labels of the rows and columns `compute()` returns. */
  labels(): number[] {
    return [...(this.options.labels ?? this.state.sortedLabels())];
  }

  protected fromState(state: ConfusionState, where: string): number[][] {
    return fromState(state, this.options, where);
  }
}
