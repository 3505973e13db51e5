import { ValueError } from '@weft/core';
import type { JsonValue, Metric, MetricInput, WeightInput } from './metric.js';
import { readScoreBatch, ScoreState } from './score-state.js';

/** One batch of labels and scores into a fresh state: what the functional forms compute from. */
export async function scoreStateOf(
  yTrue: MetricInput,
  yScore: MetricInput,
  sampleWeight: WeightInput | undefined,
  where: string,
): Promise<ScoreState> {
  const state = new ScoreState();
  state.add(await readScoreBatch(yTrue, yScore, sampleWeight, where), where);
  return state;
}

/**
 * Stateful ranking metrics (ROC AUC, average precision): ranking needs every score, so the
 * state keeps the rows (8 bytes per value, as torchmetrics does); merging appends them.
 */
export abstract class ScoreMetric<R> implements Metric<R> {
  abstract readonly name: string;
  protected state = new ScoreState();

  constructor(protected readonly owner: string) {}

  protected abstract fromState(state: ScoreState, where: string): R;

  async update(yTrue: MetricInput, yScore: MetricInput, sampleWeight?: WeightInput): Promise<void> {
    const where = `${this.owner}.update`;
    this.state.add(await readScoreBatch(yTrue, yScore, sampleWeight, where), where);
  }

  async compute(): Promise<R> {
    const where = `${this.owner}.compute`;
    if (this.state.rows === 0) {
      throw new ValueError({
        where,
        problem: 'no data has been added',
        expected: 'at least one update() before compute()',
      });
    }
    return this.fromState(this.state, where);
  }

  reset(): void {
    this.state = new ScoreState();
  }

  merge(other: this): void {
    this.state.merge(other.state, `${this.owner}.merge`);
  }

  getState(): JsonValue {
    return this.state.toJSON();
  }

  setState(state: JsonValue): void {
    this.state = ScoreState.fromJSON(state, `${this.owner}.setState`);
  }
}
