import type { Tensor, TypedArray } from '@weft/core';

/** What metrics accept as labels, targets, scores or probabilities: plain arrays, typed arrays or tensors. */
export type MetricInput =
  | Tensor
  | TypedArray
  | readonly number[]
  | readonly (readonly number[])[]
  | readonly boolean[];

/** Per-sample weights (scikit-learn's `sample_weight`). */
export type WeightInput = Tensor | TypedArray | readonly number[];

/** Values that survive `JSON.stringify` unchanged: what {@link Metric.getState} returns. */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The stateful form every metric shares (torchmetrics' shape): `update` per batch, `compute` at
 * the end, `merge` to combine shards or workers, `getState`/`setState` for checkpoints. Functional
 * twins (`accuracy(yTrue, yPred)`) compute the same numbers in one call.
 */
export interface Metric<R = number, TTrue = MetricInput, TPred = MetricInput> {
  /** Registry name, also the key in a training `History` (`f1Score`, `meanSquaredError`). */
  readonly name: string;
  /** Adds a batch. Validates the whole batch first: bad input throws and leaves the state as it was. */
  update(yTrue: TTrue, yPred: TPred, sampleWeight?: WeightInput): Promise<void>;
  /** The metric over everything added since construction or the last `reset`. */
  compute(): Promise<R>;
  reset(): void;
  /** Adds another instance's state (same class, same shape of data) into this one. */
  merge(other: this): void;
  getState(): JsonValue;
  setState(state: JsonValue): void;
}
