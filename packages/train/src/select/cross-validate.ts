import { ConfigError } from '@weft/core';
import { kFold } from '@weft/data';
import type { Layer } from '@weft/layers';
import type { ColumnTable } from 'arquero';
import { evaluate } from '../evaluate.js';
import { type FitOptions, fit } from '../fit.js';
import type { History } from '../history.js';

export interface CrossValidateOptions
  extends Omit<FitOptions, 'validationSplit' | 'validationData' | 'resumeFrom' | 'sampleWeight'> {
  /** Number of folds (≥ 2). */
  k: number;
  features: string[];
  target: string | string[];
  /** Int32 targets (class labels for sparseCategoricalCrossentropy). */
  targetDType?: 'float32' | 'int32';
  /** Column whose proportions every fold keeps (stratified k-fold). */
  stratify?: string;
  /** Shuffle rows before cutting folds (default true); `seed` seeds both folds and training. */
  shuffleFolds?: boolean;
}

export interface FoldResult {
  fold: number;
  /** `loss` and each metric on the held-out fold. */
  scores: Record<string, number>;
  history: History;
}

export interface CrossValidation {
  folds: FoldResult[];
  /** Mean of each score over the folds. */
  mean: Record<string, number>;
  /** Population standard deviation (ddof 0, as NumPy's default) of each score. */
  std: Record<string, number>;
}

/** Mean and population standard deviation of each key over rows of scores. */
export function summarize(rows: readonly Record<string, number>[]): {
  mean: Record<string, number>;
  std: Record<string, number>;
} {
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  for (const key of Object.keys(rows[0] ?? {})) {
    const values = rows.map((r) => r[key] as number);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean[key] = m;
    std[key] = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
  }
  return { mean, std };
}

/**
 * K-fold cross-validation (`kFold` from @weft/data): for each fold, a fresh model from
 * `factory(fold)` is trained on the other folds and scored (loss and metrics) on this one; the
 * models are disposed afterwards. Fit preprocessing inside the factory's caller per fold if it
 * learns from data, so no statistics leak from the held-out rows.
 */
export async function crossValidate(
  factory: (fold: number) => Layer | Promise<Layer>,
  table: ColumnTable,
  options: CrossValidateOptions,
): Promise<CrossValidation> {
  if (typeof factory !== 'function') {
    throw new ConfigError({
      where: 'crossValidate',
      problem: 'factory must be a function (fold) => model',
      received: { factory },
    });
  }
  const { k, features, target, targetDType, stratify, shuffleFolds, ...fitOptions } = options;
  const splits = kFold(table, { k, seed: options.seed ?? 0, shuffle: shuffleFolds ?? true, stratify });
  const folds: FoldResult[] = [];
  for (const [fold, { train, test }] of splits.entries()) {
    const model = await factory(fold);
    try {
      const history = await fit(model, { table: train, features, target, targetDType }, fitOptions);
      const scores = await evaluate(
        model,
        { table: test, features, target, targetDType },
        { loss: fitOptions.loss, metrics: fitOptions.metrics, batchSize: fitOptions.batchSize },
      );
      folds.push({ fold, scores, history });
    } finally {
      model.dispose();
    }
  }
  return { folds, ...summarize(folds.map((f) => f.scores)) };
}
