import { ConfigError } from '@weft/core';
import type { JsonValue } from '@weft/metrics';
import type { Callback } from '../callbacks.js';
import {
  checkNonNegative,
  improved,
  initialBest,
  type MonitorMode,
  readMonitor,
  resolveMode,
} from './monitor.js';

export interface ReduceLROnPlateauOptions {
  /** Default 'valLoss' ('loss' without validation data). */
  monitor?: string;
  /** New rate = rate · factor (default 0.1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  /** Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the rate (default 0). */
  minLearningRate?: number;
  mode?: MonitorMode;
}

/**
 * Multiplies the learning rate by `factor` when the monitored value has not improved for
 * `patience` epochs (Keras' `ReduceLROnPlateau`, same rules), and logs `learningRate`. Its
 * counters are saved in checkpoints, the rate itself with the optimizer.
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): Callback {
  const owner = 'reduceLROnPlateau';
  const factor = checkNonNegative(options.factor ?? 0.1, 'factor', owner);
  if (factor >= 1) {
    throw new ConfigError({
      where: owner,
      problem: 'factor must be below 1 (it reduces the rate)',
      received: { factor },
    });
  }
  const patience = checkNonNegative(options.patience ?? 10, 'patience', owner);
  const minDelta = checkNonNegative(options.minDelta ?? 1e-4, 'minDelta', owner);
  const cooldown = checkNonNegative(options.cooldown ?? 0, 'cooldown', owner);
  const minRate = checkNonNegative(options.minLearningRate ?? 0, 'minLearningRate', owner);
  let best: number | null = null;
  let wait = 0;
  let cooling = 0;
  return {
    onEpochEnd(_epoch, logs, control) {
      const { key, value } = readMonitor(logs, options.monitor, owner);
      const mode = resolveMode(key, options.mode);
      if (cooling > 0) {
        cooling -= 1;
        wait = 0;
      }
      if (improved(value, best ?? initialBest(mode), mode, minDelta)) {
        best = value;
        wait = 0;
      } else if (cooling <= 0) {
        wait += 1;
        if (wait >= patience) {
          const rate = control.learningRate;
          if (rate > minRate) control.learningRate = Math.max(rate * factor, minRate);
          cooling = cooldown;
          wait = 0;
        }
      }
      logs.learningRate = control.learningRate;
    },
    getState(): JsonValue {
      return { best, wait, cooling };
    },
    setState(state) {
      ({ best, wait, cooling } = state as { best: number | null; wait: number; cooling: number });
    },
  };
}
