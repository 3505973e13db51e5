import { ConfigError } from '@weft/core';
import type { Layer } from '@weft/layers';
import type { ColumnTable } from 'arquero';
import { type MonitorMode, resolveMode } from '../callbacks/monitor.js';
import { type CrossValidateOptions, type CrossValidation, crossValidate } from './cross-validate.js';

/** Hyperparameter values by name, e.g. `{ learningRate: [0.01, 0.1], hidden: [8, 32] }`. */
export type ParamGrid = Record<string, readonly unknown[]>;

export interface GridSearchOptions extends CrossValidateOptions {
  grid: ParamGrid;
  /** Score that ranks candidates (default 'loss'). */
  monitor?: string;
  mode?: MonitorMode;
}

export interface GridResult extends CrossValidation {
  params: Record<string, unknown>;
}

export interface GridSearch {
  /** One entry per combination, in grid order. */
  results: GridResult[];
  best: { params: Record<string, unknown>; score: number };
}

/** Every combination of the grid's values (the last name varies fastest). */
export function combinations(grid: ParamGrid): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new ConfigError({
        where: 'gridSearch',
        problem: `grid.${name} must be a non-empty list`,
        received: { [name]: values },
      });
    }
    out = out.flatMap((partial) => values.map((value) => ({ ...partial, [name]: value })));
  }
  return out;
}

/**
 * Exhaustive search over a small grid, each combination scored by {@link crossValidate}.
 * Parameters named like fit options (`learningRate`, `batchSize`, `epochs`, `optimizer`, …)
 * override them; every parameter also goes to `factory(params, fold)`, which builds the model
 * (so architecture choices such as `hidden` live there).
 */
export async function gridSearch(
  factory: (params: Record<string, unknown>, fold: number) => Layer | Promise<Layer>,
  table: ColumnTable,
  options: GridSearchOptions,
): Promise<GridSearch> {
  const { grid, monitor = 'loss', mode, ...base } = options;
  const results: GridResult[] = [];
  for (const params of combinations(grid)) {
    const overrides = Object.fromEntries(
      Object.entries(params).filter(([key]) => key in base || FIT_KEYS.has(key)),
    );
    const cv = await crossValidate((fold) => factory(params, fold), table, {
      ...base,
      ...overrides,
    } as CrossValidateOptions);
    results.push({ params, ...cv });
  }
  if (!(monitor in (results[0]?.mean ?? {}))) {
    throw new ConfigError({
      where: 'gridSearch',
      problem: `the monitored score "${monitor}" was not computed`,
      expected: `one of ${Object.keys(results[0]?.mean ?? {}).join(', ')}`,
    });
  }
  const direction = resolveMode(monitor, mode);
  const better = (a: number, b: number) => (direction === 'min' ? a < b : a > b);
  let best = results[0] as GridResult;
  for (const r of results) if (better(r.mean[monitor] as number, best.mean[monitor] as number)) best = r;
  return { results, best: { params: best.params, score: best.mean[monitor] as number } };
}

/** Fit options a grid may set. */
const FIT_KEYS = new Set([
  'epochs',
  'batchSize',
  'optimizer',
  'learningRate',
  'loss',
  'shuffle',
  'seed',
  'clipValue',
  'clipNorm',
  'accumulateSteps',
  'ema',
  'classWeight',
]);
