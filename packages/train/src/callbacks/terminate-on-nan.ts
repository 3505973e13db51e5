import type * as tf from '@tensorflow/tfjs-core';
import { ConfigError, dispose } from '@weft/core';
import { getWeights, type Layer, setWeights } from '@weft/layers';
import type { Callback, TrainingControl } from '../callbacks.js';

export interface TerminateOnNaNOptions {
  /**
   * Also check the running loss every this many steps (each check waits for the device once).
   * Default: only at the end of each epoch, which costs nothing extra.
   */
  everySteps?: number;
  /** Put back the weights from the start of the epoch when the loss goes bad (default true). */
  restore?: boolean;
}

/**
 * Stops training cleanly when the loss becomes NaN or infinite (Keras' `TerminateOnNaN`), with
 * the reason in `history.stopReason`, and by default restores the weights as they were at the
 * start of the epoch, so the model is usable rather than full of NaN. (fit itself stops on a
 * non-finite epoch loss; this callback adds the restore and the optional per-step checks.)
 */
export function terminateOnNaN(options: TerminateOnNaNOptions = {}): Callback {
  const every = options.everySteps;
  if (every !== undefined && !(Number.isInteger(every) && every > 0)) {
    throw new ConfigError({
      where: 'terminateOnNaN',
      problem: 'everySteps must be a positive integer',
      received: { everySteps: every },
    });
  }
  const restore = options.restore ?? true;
  let saved: tf.Tensor[] | null = null;
  let tripped = false;
  const release = () => {
    dispose(saved);
    saved = null;
  };
  const trip = (where: string, value: number, model: Layer, control: TrainingControl) => {
    if (tripped) return;
    tripped = true;
    if (restore && saved) setWeights(model, saved);
    control.stop(
      `the loss became ${value} ${where}${restore && saved ? '; the weights from the start of that epoch were restored' : ''}`,
    );
  };
  return {
    onTrainBegin() {
      tripped = false;
    },
    onEpochBegin(_epoch, control) {
      if (!restore) return;
      release();
      saved = getWeights(control.model);
    },
    async onBatchEnd(step, info, control) {
      if (every === undefined || (step + 1) % every !== 0 || tripped) return;
      const loss = await info.readLoss();
      if (!Number.isFinite(loss))
        trip(`at step ${step + 1} of epoch ${info.epoch + 1}`, loss, control.model, control);
    },
    onEpochEnd(epoch, logs, control) {
      const loss = logs.loss as number;
      if (!Number.isFinite(loss)) trip(`at epoch ${epoch + 1}`, loss, control.model, control);
    },
    onTrainEnd: release,
    dispose: release,
  };
}
