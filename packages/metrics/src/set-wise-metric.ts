import { ConfigError } from '@weft/core';
import { ConfusionMetric } from './confusion-metric.js';
import type { ConfusionState } from './confusion-state.js';
import {
  type Average,
  type AverageResult,
  type PrfScores,
  prfCounts,
  prfScores,
  type ResolvedSetWise,
  resolveSetWise,
  type SetWiseOptions,
} from './set-wise.js';

export function checkBeta(beta: unknown, where: string): number {
  if (typeof beta !== 'number' || !(beta >= 0)) {
    throw new ConfigError({
      where,
      problem: 'beta is not a non-negative number',
      expected: 'beta ≥ 0 (1 weighs precision and recall equally, 2 favours recall)',
      received: { beta },
    });
  }
  return beta;
}

/** Precision, recall and F-scores from confusion counts; subclasses pick one of them. */
export abstract class SetWiseMetric<A extends Average> extends ConfusionMetric<AverageResult<A>> {
  protected readonly options: ResolvedSetWise;

  constructor(
    owner: string,
    options: SetWiseOptions<A>,
    protected readonly beta = 1,
  ) {
    const resolved = resolveSetWise(options, `${owner}.constructor`);
    super(owner, resolved.threshold);
    this.options = resolved;
  }

  protected abstract pick(scores: PrfScores): number | number[];

  protected fromState(state: ConfusionState, where: string): AverageResult<A> {
    return this.pick(
      prfScores(prfCounts(state, this.options, where), this.options, this.beta),
    ) as AverageResult<A>;
  }
}
