import { ConfigError } from '@weft/core';

/** A learning rate as a function of the step (or epoch) index t, from 0. Pure: resumption needs only t. */
export type Schedule = (t: number) => number;

function positive(value: unknown, option: string, owner: string): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ConfigError({
      where: owner,
      problem: `${option} must be a positive number`,
      received: { [option]: value },
    });
  }
  return value;
}

function nonNegative(value: unknown, option: string, owner: string): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new ConfigError({
      where: owner,
      problem: `${option} must be a non-negative number`,
      received: { [option]: value },
    });
  }
  return value;
}

/** initial · factor^⌊t / every⌋: drop by `factor` every `every` steps (PyTorch's StepLR). */
export function stepDecay(options: { initial: number; factor?: number; every: number }): Schedule {
  const owner = 'stepDecay';
  const initial = positive(options.initial, 'initial', owner);
  const factor = positive(options.factor ?? 0.1, 'factor', owner);
  const every = positive(options.every, 'every', owner);
  return (t) => initial * factor ** Math.floor(t / every);
}

/** initial · rate^(t / steps) (Keras' ExponentialDecay; `staircase` floors the exponent). */
export function exponentialDecay(options: {
  initial: number;
  rate: number;
  steps: number;
  staircase?: boolean;
}): Schedule {
  const owner = 'exponentialDecay';
  const initial = positive(options.initial, 'initial', owner);
  const rate = positive(options.rate, 'rate', owner);
  const steps = positive(options.steps, 'steps', owner);
  return (t) => initial * rate ** (options.staircase ? Math.floor(t / steps) : t / steps);
}

/** Half a cosine from `initial` down to `minimum` over `steps`, then `minimum` (PyTorch's CosineAnnealingLR). */
export function cosineDecay(options: { initial: number; steps: number; minimum?: number }): Schedule {
  const owner = 'cosineDecay';
  const initial = positive(options.initial, 'initial', owner);
  const steps = positive(options.steps, 'steps', owner);
  const minimum = nonNegative(options.minimum ?? 0, 'minimum', owner);
  return (t) => minimum + 0.5 * (initial - minimum) * (1 + Math.cos((Math.PI * Math.min(t, steps)) / steps));
}

/**
 * Linear warm-up from `start` to `peak` over `warmup` steps, then a cosine down to `minimum` at
 * `steps` (the total): the usual transformer schedule.
 */
export function warmupCosine(options: {
  peak: number;
  warmup: number;
  steps: number;
  start?: number;
  minimum?: number;
}): Schedule {
  const owner = 'warmupCosine';
  const peak = positive(options.peak, 'peak', owner);
  const warmup = nonNegative(options.warmup, 'warmup', owner);
  const steps = positive(options.steps, 'steps', owner);
  const start = nonNegative(options.start ?? 0, 'start', owner);
  if (warmup >= steps) {
    throw new ConfigError({
      where: owner,
      problem: 'warmup must be shorter than steps',
      received: { warmup, steps },
    });
  }
  const decay = cosineDecay({ initial: peak, steps: steps - warmup, minimum: options.minimum });
  return (t) => (t < warmup ? start + ((peak - start) * t) / warmup : decay(t - warmup));
}
