import { ConfigError } from '@weft/core';
import type { JsonValue } from '@weft/metrics';
import type { Callback } from '../callbacks.js';
import { improved, initialBest, type MonitorMode, readMonitor, resolveMode } from './monitor.js';

export interface ModelCheckpointOptions {
  /** Directory holding `last/` and `best/`, each a full checkpoint (native model format + state). */
  dir: string;
  /** Value deciding `best/` (default 'valLoss', or 'loss' without validation data). */
  monitor?: string;
  mode?: MonitorMode;
  /** Keep the best epoch in `best/` (default true). */
  saveBest?: boolean;
  /** Keep the latest epoch in `last/` (default true): what `resumeFrom` continues. */
  saveLast?: boolean;
  /** Write `last/` every this many epochs (default 1); the final epoch is always written. */
  every?: number;
}

/**
 * Saves checkpoints as training goes (Keras' `ModelCheckpoint`, Lightning's best + last):
 * `dir/last` after every epoch and `dir/best` when the monitored value improves. Each holds the
 * model in the native format (`weft.json` + `weights.safetensors`, loadable with `loadModel`)
 * plus `optimizer.safetensors` and `trainer.json` (RNG state, epoch, step, learning rate,
 * history, callback states), written to a temporary directory and renamed into place. Resume
 * with `fit(model, data, { …, resumeFrom: 'dir/last' })`. Node only. Runs after the other
 * callbacks (order 100), so it captures their final state for the epoch.
 */
export function modelCheckpoint(options: ModelCheckpointOptions): Callback {
  const owner = 'modelCheckpoint';
  if (typeof options?.dir !== 'string' || options.dir === '') {
    throw new ConfigError({
      where: owner,
      problem: 'dir must be a directory path',
      received: { dir: options?.dir },
    });
  }
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1) {
    throw new ConfigError({ where: owner, problem: 'every must be a positive integer', received: { every } });
  }
  const dir = options.dir.replace(/[/\\]+$/, '');
  let best: number | null = null;
  return {
    order: 100,
    async onEpochEnd(epoch, logs, control) {
      if (options.saveBest ?? true) {
        const { key, value } = readMonitor(logs, options.monitor, owner);
        const mode = resolveMode(key, options.mode);
        if (improved(value, best ?? initialBest(mode), mode, 0)) {
          best = value;
          await control.saveCheckpoint(`${dir}/best`);
        }
      }
      const final = epoch + 1 === control.epochs || control.stopped;
      if ((options.saveLast ?? true) && ((epoch + 1) % every === 0 || final)) {
        await control.saveCheckpoint(`${dir}/last`);
      }
    },
    getState(): JsonValue {
      return { best };
    },
    setState(state) {
      best = (state as { best: number | null }).best;
    },
  };
}
