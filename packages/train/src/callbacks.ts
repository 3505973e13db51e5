/** Logs passed to callbacks: `loss`, `valLoss` and metric values, plain numbers. */
export type Logs = Record<string, number>;

/** Lets a callback stop training after the current epoch (early stopping, NaN guards). */
export interface TrainingControl {
  stop(reason?: string): void;
  readonly stopped: boolean;
}

/** Hooks called by `fit`; every one may be async. */
export interface Callback {
  onTrainBegin?(control: TrainingControl): void | Promise<void>;
  onEpochBegin?(epoch: number, control: TrainingControl): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, control: TrainingControl): void | Promise<void>;
  onTrainEnd?(logs: Logs, control: TrainingControl): void | Promise<void>;
}

export async function runCallbacks<K extends keyof Callback>(
  callbacks: readonly Callback[],
  hook: K,
  ...args: Parameters<NonNullable<Callback[K]>>
): Promise<void> {
  for (const callback of callbacks) {
    const fn = callback[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
    if (fn) await fn.apply(callback, args);
  }
}
