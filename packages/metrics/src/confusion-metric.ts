import { ValueError } from '@weft/core';
import { ConfusionState } from './confusion-state.js';
import { deviceCounts } from './device-counts.js';
import { readLabelBatch } from './label-input.js';
import type { JsonValue, Metric, MetricInput, WeightInput } from './metric.js';

/**
 * Adds a batch of labels to a state. Unweighted tensors of per-class scores are counted on
 * their backend (one read of k² counts); everything else is read and counted in JS. The batch
 * is validated completely before the state changes.
 */
export async function addLabelBatch(
  state: ConfusionState,
  yTrue: MetricInput,
  yPred: MetricInput,
  sampleWeight: WeightInput | undefined,
  threshold: number | undefined,
  where: string,
): Promise<void> {
  if (sampleWeight === undefined) {
    const dense = await deviceCounts(yTrue, yPred, threshold);
    if (dense) {
      state.addDense(dense.matrix, dense.k);
      return;
    }
  }
  const batch = await readLabelBatch(yTrue, yPred, sampleWeight, threshold, where);
  state.add(batch.yTrue, batch.yPred, batch.weights);
}

/** One batch into a fresh state: what the functional forms compute from. */
export async function confusionOf(
  yTrue: MetricInput,
  yPred: MetricInput,
  sampleWeight: WeightInput | undefined,
  threshold: number | undefined,
  where: string,
): Promise<ConfusionState> {
  const state = new ConfusionState();
  await addLabelBatch(state, yTrue, yPred, sampleWeight, threshold, where);
  return state;
}

/**
 * The stateful side of label-based classification metrics: exact confusion counts
 * ({@link ConfusionState}) per batch, merged by adding counts; subclasses only say how counts
 * become the score, through the same function as their functional twin.
 */
export abstract class ConfusionMetric<R> implements Metric<R> {
  abstract readonly name: string;
  protected state = new ConfusionState();

  /** @param owner The class name, for error messages (constructor names do not survive minifiers). */
  constructor(
    protected readonly owner: string,
    protected readonly threshold: number | undefined,
  ) {}

  protected abstract fromState(state: ConfusionState, where: string): R;

  async update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: WeightInput): Promise<void> {
    await addLabelBatch(this.state, yTrue, yPred, sampleWeight, this.threshold, `${this.owner}.update`);
  }

  async compute(): Promise<R> {
    const where = `${this.owner}.compute`;
    if (this.state.size === 0) {
      throw new ValueError({
        where,
        problem: 'no data has been added',
        expected: 'at least one update() before compute()',
        received: { samples: 0 },
      });
    }
    return this.fromState(this.state, where);
  }

  reset(): void {
    this.state = new ConfusionState();
  }

  merge(other: this): void {
    if (!(other instanceof ConfusionMetric)) {
      throw new ValueError({
        where: `${this.owner}.merge`,
        problem: 'only a classification metric can be merged into a classification metric',
        expected: `another ${this.owner}`,
        received: { other: (other as object | undefined)?.constructor?.name },
      });
    }
    this.state.merge(other.state);
  }

  getState(): JsonValue {
    return this.state.toJSON();
  }

  setState(state: JsonValue): void {
    this.state = ConfusionState.fromJSON(state, `${this.owner}.setState`);
  }
}
