import { ConfigError } from '@weft/core';
import type { Logs } from '../callbacks.js';

export type MonitorMode = 'min' | 'max' | 'auto';

/** 'auto': maximize accuracy-like keys (accuracy, auc, precision, recall, f1, r2, score), minimize the rest. */
export function resolveMode(monitor: string, mode: MonitorMode = 'auto'): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  return /acc|auc|precision|recall|f1|fbeta|r2|score|variance/i.test(monitor) ? 'max' : 'min';
}

/** Whether `current` beats `best` by more than `minDelta` in `mode`. */
export function improved(current: number, best: number, mode: 'min' | 'max', minDelta: number): boolean {
  if (!Number.isFinite(current)) return false;
  return mode === 'min' ? current < best - minDelta : current > best + minDelta;
}

export function initialBest(mode: 'min' | 'max'): number {
  return mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/**
 * The monitored value from an epoch's logs. The default monitor (`valLoss`) falls back to `loss`
 * when there is no validation data; a monitor named explicitly must be there.
 */
export function readMonitor(
  logs: Logs,
  monitor: string | undefined,
  owner: string,
): { key: string; value: number } {
  const key = monitor ?? ('valLoss' in logs ? 'valLoss' : 'loss');
  const value = logs[key];
  if (value === undefined) {
    throw new ConfigError({
      where: owner,
      problem: `the monitored value "${key}" is not in the epoch logs`,
      expected: `one of ${Object.keys(logs).join(', ')}`,
      received: { monitor: key },
      fix: key.startsWith('val')
        ? 'Pass validationData or validationSplit to fit, or monitor a training value'
        : 'Add the metric to fit({ metrics })',
    });
  }
  return { key, value };
}

export function checkNonNegative(value: unknown, option: string, owner: string): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new ConfigError({
      where: owner,
      problem: `${option} must be a non-negative number`,
      received: { [option]: value },
    });
  }
  return value;
}
