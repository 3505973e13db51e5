import type { Callback, Logs } from '../callbacks.js';

/** What {@link progressEvents} reports; plain data, for a UI (browsers) or a terminal bar. */
export type ProgressEvent =
  | { type: 'trainBegin'; epochs: number }
  | { type: 'epochBegin'; epoch: number; epochs: number; steps: number | null }
  | {
      type: 'batchEnd';
      epoch: number;
      epochs: number;
      step: number;
      /** Steps per epoch, when known (streams: after the first epoch). */
      steps: number | null;
      elapsedSeconds: number;
      etaSeconds: number | null;
      /** Mean loss of the epoch so far, as last read (reads are throttled and never awaited). */
      loss: number | null;
    }
  | { type: 'epochEnd'; epoch: number; epochs: number; logs: Logs; seconds: number }
  | { type: 'trainEnd'; logs: Logs; stopReason: string | undefined };

export interface ProgressEventsOptions {
  /** Least time between two `batchEnd` events (default 100 ms); the last step of an epoch always reports. */
  intervalMs?: number;
}

/**
 * Calls `listener` with training progress: epoch boundaries with their logs, and throttled step
 * updates with an ETA and the running loss. The loss is read asynchronously (at most once per
 * interval, never awaited by the loop), so progress costs the training loop nothing measurable.
 * This is the browser-friendly form; {@link progressBar} draws it in a Node terminal.
 */
export function progressEvents(
  listener: (event: ProgressEvent) => void,
  options: ProgressEventsOptions = {},
): Callback {
  const interval = options.intervalMs ?? 100;
  let epochStart = 0;
  let lastEmit = Number.NEGATIVE_INFINITY;
  let loss: number | null = null;
  let reading = false;
  return {
    order: 50,
    onTrainBegin(control) {
      listener({ type: 'trainBegin', epochs: control.epochs });
    },
    onEpochBegin(epoch, control) {
      epochStart = performance.now();
      lastEmit = Number.NEGATIVE_INFINITY;
      loss = null;
      listener({ type: 'epochBegin', epoch, epochs: control.epochs, steps: control.stepsPerEpoch });
    },
    onBatchEnd(step, info, control) {
      const now = performance.now();
      const steps = control.stepsPerEpoch;
      const last = steps !== null && step === steps - 1;
      if (!last && now - lastEmit < interval) return;
      lastEmit = now;
      if (!reading) {
        reading = true;
        info
          .readLoss()
          .then((value) => {
            loss = value;
          })
          .catch(() => undefined)
          .finally(() => {
            reading = false;
          });
      }
      const elapsed = (now - epochStart) / 1000;
      const eta = steps === null ? null : (elapsed / (step + 1)) * Math.max(0, steps - step - 1);
      listener({
        type: 'batchEnd',
        epoch: info.epoch,
        epochs: control.epochs,
        step,
        steps,
        elapsedSeconds: elapsed,
        etaSeconds: eta,
        loss,
      });
    },
    onEpochEnd(epoch, logs, control) {
      const seconds = (performance.now() - epochStart) / 1000;
      listener({ type: 'epochEnd', epoch, epochs: control.epochs, logs: { ...logs }, seconds });
    },
    onTrainEnd(logs, control) {
      listener({ type: 'trainEnd', logs: { ...logs }, stopReason: control.history.stopReason });
    },
  };
}
