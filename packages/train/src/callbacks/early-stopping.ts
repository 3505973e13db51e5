import * as tf from '@tensorflow/tfjs-core';
import { dispose } from '@weft/core';
import { getWeights, setWeights } from '@weft/layers';
import type { JsonValue } from '@weft/metrics';
import type { Callback } from '../callbacks.js';
import { checkNonNegative, improved, type MonitorMode, readMonitor, resolveMode } from './monitor.js';

export interface EarlyStoppingOptions {
  /** Logged value to watch (default 'valLoss', or 'loss' without validation data). */
  monitor?: string;
  /** Epochs in a row without improvement before stopping (default 0: stop at the first, as 1). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** 'min', 'max' or 'auto' (default: max for accuracy-like names). */
  mode?: MonitorMode;
  /** Put the best epoch's weights back at the end of training (default false). */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when the monitored value stops improving (Keras' `EarlyStopping`). With
 * `restoreBestWeights` it keeps a device copy of the best weights and restores them when training
 * ends, whether it stopped early or ran out of epochs. Its counters and the copy of the best
 * weights are saved in checkpoints, so a resumed run restores the same best weights.
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback {
  const owner = 'earlyStopping';
  const patience = checkNonNegative(options.patience ?? 0, 'patience', owner);
  const minDelta = checkNonNegative(options.minDelta ?? 0, 'minDelta', owner);
  let mode: 'min' | 'max' | null = null;
  let best = Number.NaN;
  let wait = 0;
  let bestEpoch = -1;
  let resumed = false;
  let bestWeights: tf.Tensor[] | null = null;
  let lastEpoch = -1;
  const release = () => {
    dispose(bestWeights);
    bestWeights = null;
  };
  return {
    onTrainBegin() {
      // A resume keeps what setState and setTensorState restored, best weights included.
      if (!resumed) {
        mode = null;
        wait = 0;
        bestEpoch = -1;
        lastEpoch = -1;
        release();
      }
      resumed = false;
    },
    onEpochEnd(epoch, logs, control) {
      const { key, value } = readMonitor(logs, options.monitor, owner);
      mode ??= resolveMode(key, options.mode);
      lastEpoch = epoch;
      const first = bestEpoch < 0;
      if (first ? Number.isFinite(value) : improved(value, best, mode, minDelta)) {
        best = value;
        bestEpoch = epoch;
        wait = 0;
        if (options.restoreBestWeights) {
          release();
          bestWeights = getWeights(control.model);
        }
        return;
      }
      wait += 1;
      // Keras' rule: stop once `patience` epochs in a row did not improve (0 and 1 both stop at the first).
      if (wait >= patience) {
        control.stop(
          `early stopping: ${key} did not improve for ${wait} epoch(s) (best ${best} at epoch ${bestEpoch + 1})`,
        );
      }
    },
    onTrainEnd(_logs, control) {
      if (bestWeights && bestEpoch !== lastEpoch) setWeights(control.model, bestWeights);
      release();
    },
    dispose: release,
    getState(): JsonValue {
      return { best: Number.isFinite(best) ? best : null, wait, bestEpoch, mode, lastEpoch };
    },
    setState(state) {
      const s = state as {
        best: number | null;
        wait: number;
        bestEpoch: number;
        mode: 'min' | 'max' | null;
        lastEpoch?: number;
      };
      best = s.best ?? Number.NaN;
      wait = s.wait;
      bestEpoch = s.bestEpoch;
      mode = s.mode;
      lastEpoch = s.lastEpoch ?? -1;
      resumed = true;
      release();
    },
    getTensorState() {
      return bestWeights ? bestWeights.map((t) => tf.clone(t)) : [];
    },
    setTensorState(tensors) {
      release();
      if (options.restoreBestWeights && tensors.length > 0) bestWeights = tensors.map((t) => tf.clone(t));
    },
  };
}
