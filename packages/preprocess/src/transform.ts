import type { ColumnTable } from 'arquero';

/**
 * A fitted transformation of table columns with JSON state. `fit` and `transform` are async
 * (they read tables, and may one day stream); the state round-trips through
 * `getState`/`setState` so a fitted transform can be saved with a model and restored with
 * {@link transformFromState}.
 */
export interface Transform<State> {
  /** The registry name; `getState().className` carries it. */
  readonly className: string;
  /** True once `fit` or `setState` has run. */
  fitted: boolean;
  /** Learns the state from `table`'s columns (`columns` overrides the constructor's choice). */
  fit(table: ColumnTable, columns?: string[]): Promise<this>;
  /** A new table with the fitted columns transformed and the other columns untouched. */
  transform(table: ColumnTable): Promise<ColumnTable>;
  fitTransform(table: ColumnTable, columns?: string[]): Promise<ColumnTable>;
  inverseTransform?(table: ColumnTable): Promise<ColumnTable>;
  /** Plain JSON (numbers, strings, arrays, objects). */
  getState(): State;
  setState(state: State): this;
}

/** The part of every transform state that {@link transformFromState} dispatches on. */
export interface TransformState {
  className: string;
}
