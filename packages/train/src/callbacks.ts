import type * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '@weft/layers';
import type { JsonValue } from '@weft/metrics';
import type { History } from './history.js';

/** Logs passed to callbacks: `loss`, `valLoss` and metric values, plain numbers. */
export type Logs = Record<string, number>;

/**
 * What every hook receives: a way to stop, and the objects being trained. `stop` ends training
 * after the current step (the epoch so far is still recorded).
 */
export interface TrainingControl {
  stop(reason?: string): void;
  readonly stopped: boolean;
  readonly model: Layer;
  readonly optimizer: tf.Optimizer;
  /** The optimizer's learning rate; assigning it takes effect from the next step. */
  learningRate: number;
  readonly epochs: number;
  /** Steps (batches) per epoch: known for data in memory, and after one epoch for streams. */
  readonly stepsPerEpoch: number | null;
  /** Batches trained since the first fit of this run (resumed runs continue the count). */
  readonly globalStep: number;
  readonly history: History;
  /**
   * Writes a checkpoint of the model and everything exact resumption needs (optimizer state,
   * shuffling state, epoch and step, learning rate, history, callback states) to `dir`,
   * atomically. Node only. `fit(…, { resumeFrom: dir })` continues from it.
   */
  saveCheckpoint(dir: string): Promise<void>;
}

/** What `onBatchEnd` learns about the step just taken. */
export interface BatchInfo {
  epoch: number;
  /** Step within the epoch, from 0. */
  step: number;
  /** Rows in the batch. */
  size: number;
  /**
   * The mean training loss of this epoch so far. It reads from the device, so do not await it on
   * every step: throttle (the progress bar reads it at most ~10 times a second, without waiting).
   */
  readLoss(): Promise<number>;
}

/**
 * Hooks called by `fit`; every one may be async. Callbacks run in ascending `order` (default 0;
 * stable). The epoch enters the history between order < 50 and order ≥ 50: callbacks before may
 * add keys to `logs` (schedules add `learningRate`), loggers and progress (50) and checkpoints
 * (100) see the final record.
 */
export interface Callback {
  order?: number;
  onTrainBegin?(control: TrainingControl): void | Promise<void>;
  onEpochBegin?(epoch: number, control: TrainingControl): void | Promise<void>;
  onBatchBegin?(step: number, control: TrainingControl): void | Promise<void>;
  onBatchEnd?(step: number, info: BatchInfo, control: TrainingControl): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, control: TrainingControl): void | Promise<void>;
  onTrainEnd?(logs: Logs, control: TrainingControl): void | Promise<void>;
  /** Called when fit ends, normally or by an error: free tensors the callback holds. */
  dispose?(): void;
  /** State saved in checkpoints, for exact resumption (plateau counters, best values). */
  getState?(): JsonValue;
  setState?(state: JsonValue): void;
  /**
   * Tensors saved in checkpoints beside the state (earlyStopping's best weights), written to
   * `callbacks.safetensors`: new tensors the caller owns.
   */
  getTensorState?(): tf.Tensor[];
  /** Restores them after `setState` on a resume; the values stay the caller's (copy what you keep). */
  setTensorState?(tensors: readonly tf.Tensor[]): void;
}

/** The history cut between the two groups of callbacks (see {@link Callback}). */
export const LATE_ORDER = 50;

/** Sorted by `order`, stable. */
export function orderCallbacks(callbacks: readonly Callback[]): Callback[] {
  return callbacks
    .map((callback, index) => ({ callback, index }))
    .sort((a, b) => (a.callback.order ?? 0) - (b.callback.order ?? 0) || a.index - b.index)
    .map(({ callback }) => callback);
}

export async function runCallbacks<K extends keyof Callback>(
  callbacks: readonly Callback[],
  hook: K,
  ...args: Parameters<Extract<NonNullable<Callback[K]>, (...a: never[]) => unknown>>
): Promise<void> {
  for (const callback of callbacks) {
    const fn = callback[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
    if (typeof fn === 'function') await fn.apply(callback, args);
  }
}
