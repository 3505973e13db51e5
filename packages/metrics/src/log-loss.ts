import { ConfigError, ValueError } from '@weft/core';
import type { JsonValue, Metric, MetricInput, WeightInput } from './metric.js';
import { PerLabelSums } from './per-label-sums.js';
import { readScoreBatch, type ScoreBatch } from './score-state.js';

export interface LogLossOptions {
  /** Probabilities are clipped to [eps, 1 − eps]; default float64's machine epsilon (scikit-learn's 'auto'). */
  eps?: number;
  /** Mean over samples (default) or the sum. */
  normalize?: boolean;
  /** Every class, in any order; sorted, they name the columns of yPred (default: the distinct true labels). */
  labels?: readonly number[];
}

const EPS = 2 ** -52;

interface Resolved {
  eps: number;
  normalize: boolean;
  labels: number[] | undefined;
}

function resolve(options: LogLossOptions, where: string): Resolved {
  const eps = options.eps ?? EPS;
  if (!(eps > 0 && eps < 0.5))
    throw new ConfigError({ where, problem: 'eps is not in (0, 0.5)', received: { eps } });
  if (
    options.labels !== undefined &&
    (!Array.isArray(options.labels) || !options.labels.every(Number.isFinite))
  ) {
    throw new ConfigError({
      where,
      problem: 'labels is not an array of numbers',
      received: { labels: options.labels },
    });
  }
  const labels = options.labels ? [...new Set(options.labels)].sort((a, b) => a - b) : undefined;
  return { eps, normalize: options.normalize ?? true, labels };
}

/**
 * Adds −log p̂ of every column for each row (clipped to [eps, 1 − eps], rows renormalized as
 * scikit-learn does), under the row's true label; 1-D probabilities p become [1 − p, p].
 */
function add(state: PerLabelSums, batch: ScoreBatch, eps: number, where: string): void {
  const { labels, scores, weights } = batch;
  const k = scores.cols === 1 ? 2 : scores.cols;
  state.checkColumns(k, where);
  const p = new Float64Array(k);
  for (let i = 0; i < scores.rows; i++) {
    if (scores.cols === 1) {
      const q = Math.min(Math.max(scores.values[i] as number, eps), 1 - eps);
      p[0] = 1 - q;
      p[1] = q;
    } else {
      for (let c = 0; c < k; c++) p[c] = Math.min(Math.max(scores.values[i * k + c] as number, eps), 1 - eps);
    }
    const sum = p.reduce((a, b) => a + b, 0);
    const w = weights ? (weights[i] as number) : 1;
    const row = state.row(labels[i] as number);
    for (let c = 0; c < k; c++) row[c] = (row[c] as number) - w * Math.log((p[c] as number) / sum);
    state.totalWeight += w;
  }
}

function fromState(state: PerLabelSums, o: Resolved, where: string): number {
  const seen = state.labels();
  const classes = o.labels ?? seen;
  if (classes.length < 2) {
    throw new ValueError({
      where,
      problem: o.labels ? 'labels holds fewer than two classes' : `yTrue holds only one label (${seen[0]})`,
      expected: 'at least two classes',
      received: { labels: classes },
      fix: 'Pass every class explicitly as { labels }',
    });
  }
  if (classes.length !== state.columns) {
    throw new ValueError({
      where,
      problem: 'the number of classes differs from the number of probability columns',
      expected: `${state.columns} classes (one per column of yPred)`,
      received: { classes },
      fix: 'Pass every class explicitly as { labels }',
    });
  }
  let loss = 0;
  for (const label of seen) {
    const col = classes.indexOf(label);
    if (col < 0)
      throw new ValueError({
        where,
        problem: `yTrue holds label ${label}, which is not in labels`,
        received: { labels: classes },
      });
    loss += (state.sums.get(label) as Float64Array)[col] as number;
  }
  if (!o.normalize) return loss;
  if (state.totalWeight === 0)
    throw new ValueError({ where, problem: 'the sample weights sum to zero', received: { sumOfWeights: 0 } });
  return loss / state.totalWeight;
}

/**
 * Cross-entropy of predicted probabilities, as scikit-learn's `log_loss`. `yPred`: `[n, C]`
 * probabilities with columns in sorted-label order, or 1-D probabilities of the greater label.
 * Arrays, typed arrays or tensors, never disposed.
 */
export async function logLoss(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: LogLossOptions & { sampleWeight?: WeightInput } = {},
): Promise<number> {
  const where = 'logLoss';
  const o = resolve(options, where);
  const state = new PerLabelSums();
  add(state, await readScoreBatch(yTrue, yPred, options.sampleWeight, where), o.eps, where);
  return fromState(state, o, where);
}

/** Stateful twin of {@link logLoss}: per-label float64 sums, so batches need not hold every class. */
export class LogLoss implements Metric<number> {
  readonly name = 'logLoss';
  private state = new PerLabelSums();
  private readonly options: Resolved;

  constructor(options: LogLossOptions = {}) {
    this.options = resolve(options, 'LogLoss.constructor');
  }

  async update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: WeightInput): Promise<void> {
    const where = 'LogLoss.update';
    // add() checks the column count before it changes anything.
    add(this.state, await readScoreBatch(yTrue, yPred, sampleWeight, where), this.options.eps, where);
  }

  async compute(): Promise<number> {
    const where = 'LogLoss.compute';
    if (this.state.sums.size === 0)
      throw new ValueError({
        where,
        problem: 'no data has been added',
        expected: 'at least one update() before compute()',
      });
    return fromState(this.state, this.options, where);
  }

  reset(): void {
    this.state = new PerLabelSums();
  }

  merge(other: this): void {
    this.state.merge(other.state, 'LogLoss.merge');
  }

  getState(): JsonValue {
    return this.state.toJSON();
  }

  setState(state: JsonValue): void {
    this.state = PerLabelSums.fromJSON(state, 'LogLoss.setState');
  }
}
