import { FormatError, Registry } from '@weft/core';
import { ColumnTransformer } from './column-transformer.js';
import { Compose } from './compose.js';
import { LabelEncoder } from './label-encoder.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { OrdinalEncoder } from './ordinal-encoder.js';
import { RobustScaler } from './robust-scaler.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';
import type { Transform, TransformState } from './transform.js';

/** Restores a transform from its saved state. */
// biome-ignore lint/suspicious/noExplicitAny: each factory checks its own state shape.
export type TransformFactory = (state: any) => Transform<unknown>;

/**
 * Every transform that can be restored from saved state, by class name. Filled explicitly here
 * (never by import side effects); register your own with `transformRegistry.register(name, factory)`.
 */
export const transformRegistry = new Registry<TransformFactory>('transform')
  .register('ColumnTransformer', (state) => ColumnTransformer.fromState(state))
  .register('Compose', (state) => Compose.fromState(state))
  .register('LabelEncoder', (state) => LabelEncoder.fromState(state))
  .register('MinMaxScaler', (state) => MinMaxScaler.fromState(state))
  .register('OneHotEncoder', (state) => OneHotEncoder.fromState(state))
  .register('OrdinalEncoder', (state) => OrdinalEncoder.fromState(state))
  .register('RobustScaler', (state) => RobustScaler.fromState(state))
  .register('SimpleImputer', (state) => SimpleImputer.fromState(state))
  .register('StandardScaler', (state) => StandardScaler.fromState(state));

/**
 * Rebuilds a fitted transform from `getState()` output (e.g. a pipeline's `preprocess.json`).
 * Throws a FormatError for a state without a class name and a NotFoundError, with a
 * "did you mean", for an unknown one.
 */
export function transformFromState(state: TransformState): Transform<unknown> {
  const className = (state as { className?: unknown } | null)?.className;
  if (typeof className !== 'string') {
    throw new FormatError({
      where: 'transformFromState',
      problem: 'the state has no className',
      expected: `an object from a transform's getState(), with className one of ${transformRegistry.list().join(', ')}`,
      received: { state },
    });
  }
  return transformRegistry.get(className)(state);
}
