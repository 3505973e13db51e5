import type { Callback, Logs } from './callbacks.js';

/** Formats a number for a progress line: 4 significant digits, exponent for large/small. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs >= 1e5 || abs < 1e-3) ? value.toExponential(3) : value.toPrecision(4);
}

/** `loss` → `loss`, `valLoss` → `val_loss`: the names users know from Keras logs. */
export function label(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `loss 0.1234 · val_loss 0.1456`. */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([key, value]) => `${label(key)} ${formatValue(value)}`)
    .join(' · ');
}

/**
 * One line per epoch (`Epoch 3/100 · loss 0.1234 · val_loss 0.1456 · 0.02s`), written through
 * `write` (console.log by default). Suitable for logs and non-TTY output.
 */
export function epochLines(epochs: number, write: (line: string) => void = console.log): Callback {
  let started = 0;
  const width = String(epochs).length;
  return {
    order: 50,
    onEpochBegin() {
      started = performance.now();
    },
    onEpochEnd(epoch: number, logs: Logs) {
      const seconds = (performance.now() - started) / 1000;
      write(
        `Epoch ${String(epoch + 1).padStart(width)}/${epochs} · ${formatLogs(logs)} · ${seconds.toFixed(2)}s`,
      );
    },
  };
}
