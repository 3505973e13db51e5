import { ConfigError } from '@weft/core';
import type { Callback } from '../callbacks.js';
import type { Schedule } from './schedules.js';

export interface SchedulerOptions {
  /** 'epoch' (default): t is the epoch index; 'step': t is the global batch index. */
  per?: 'epoch' | 'step';
}

/**
 * Sets the optimizer's learning rate from `schedule` before every epoch or every step (Keras'
 * `LearningRateScheduler`, PyTorch's schedulers), and logs it as `learningRate`. The schedule is
 * a pure function of t, and t is restored from checkpoints, so resumed runs follow it exactly.
 */
export function learningRateScheduler(schedule: Schedule, options: SchedulerOptions = {}): Callback {
  const per = options.per ?? 'epoch';
  if (typeof schedule !== 'function' || (per !== 'epoch' && per !== 'step')) {
    throw new ConfigError({
      where: 'learningRateScheduler',
      problem: 'expected a schedule function and per: "epoch" or "step"',
      received: { schedule: typeof schedule, per },
    });
  }
  return {
    onEpochBegin(epoch, control) {
      if (per === 'epoch') control.learningRate = schedule(epoch);
    },
    onBatchBegin(_step, control) {
      if (per === 'step') control.learningRate = schedule(control.globalStep);
    },
    onEpochEnd(_epoch, logs, control) {
      logs.learningRate = control.learningRate;
    },
  };
}
