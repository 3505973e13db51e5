import { ValueError } from '@weft/core';
import type { JsonValue, Metric, MetricInput, WeightInput } from './metric.js';
import { type RegressionResult, resolveMultioutput, type VarianceMultioutput } from './multioutput.js';
import { RegressionState, readRegressionBatch } from './regression-state.js';

export interface RegressionOptions<M extends VarianceMultioutput = VarianceMultioutput> {
  /** How outputs of `[n, k]` targets combine; default 'uniform_average'. */
  multioutput?: M;
}

/** Options of the functional forms: the class options plus per-sample weights. */
export interface RegressionFnOptions<M extends VarianceMultioutput = VarianceMultioutput>
  extends RegressionOptions<M> {
  sampleWeight?: WeightInput;
}

/** Reads one batch into a fresh state: what the functional forms compute from. */
export async function regressionState(
  yTrue: MetricInput,
  yPred: MetricInput,
  sampleWeight: WeightInput | undefined,
  where: string,
): Promise<RegressionState> {
  const state = new RegressionState();
  state.add(await readRegressionBatch(yTrue, yPred, sampleWeight, where), where);
  return state;
}

/**
 * The stateful side of the regression metrics: float64 sufficient statistics
 * ({@link RegressionState}) updated per batch and merged across shards; subclasses only say how
 * the statistics become the score, through the same function as their functional twin.
 */
export abstract class RegressionMetric<M extends VarianceMultioutput> implements Metric<RegressionResult<M>> {
  abstract readonly name: string;
  readonly multioutput: M;
  protected state = new RegressionState();

  /** @param owner The class name, for error messages (constructor names do not survive minifiers). */
  constructor(
    protected readonly owner: string,
    options: RegressionOptions<M>,
    allowVariance: boolean,
  ) {
    this.multioutput = resolveMultioutput(options.multioutput, allowVariance, `${owner}.constructor`);
  }

  /** From statistics to the score; shared with the functional form. */
  protected abstract fromState(state: RegressionState, where: string): number | number[];

  async update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: WeightInput): Promise<void> {
    const where = `${this.owner}.update`;
    this.state.add(await readRegressionBatch(yTrue, yPred, sampleWeight, where), where);
  }

  async compute(): Promise<RegressionResult<M>> {
    const where = `${this.owner}.compute`;
    if (this.state.count === 0) {
      throw new ValueError({
        where,
        problem: 'no data has been added',
        expected: 'at least one update() before compute()',
        received: { samples: 0 },
      });
    }
    return this.fromState(this.state, where) as RegressionResult<M>;
  }

  reset(): void {
    this.state = new RegressionState();
  }

  merge(other: this): void {
    const where = `${this.owner}.merge`;
    if (!(other instanceof this.constructor)) {
      throw new ValueError({
        where,
        problem: 'only a metric of the same class can be merged',
        expected: `another ${this.owner}`,
        received: { other: other?.constructor?.name },
      });
    }
    const next = new RegressionState();
    next.copyFrom(this.state);
    next.combine(other.state, where);
    this.state = next;
  }

  getState(): JsonValue {
    return this.state.toJSON();
  }

  setState(state: JsonValue): void {
    this.state = RegressionState.fromJSON(state, `${this.owner}.setState`);
  }
}
