import type { Callback } from '../callbacks.js';
import { epochLines, formatLogs, formatValue } from '../progress.js';
import { type ProgressEvent, progressEvents } from './progress-events.js';

/** The part of a Node write stream the bar uses. */
export interface TerminalLike {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressBarOptions {
  /** Where to draw (default `process.stdout` in Node, `console.log` lines elsewhere). */
  stream?: TerminalLike;
  /** Least time between redraws (default 100 ms). */
  intervalMs?: number;
}

function seconds(s: number): string {
  return s >= 60
    ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`
    : `${s.toFixed(1)}s`;
}

/** `Epoch 2/10 [=======>      ] 45/100 · ETA 1.2s · loss 0.1234` (streams: no bar until steps are known). */
export function barLine(event: Extract<ProgressEvent, { type: 'batchEnd' }>, width = 24): string {
  const pad = String(event.epochs).length;
  const head = `Epoch ${String(event.epoch + 1).padStart(pad)}/${event.epochs}`;
  const done = event.step + 1;
  let bar = `step ${done}`;
  if (event.steps) {
    const filled = Math.min(width, Math.floor((done / event.steps) * width));
    bar = `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? (done === event.steps ? '=' : '>') : ''}${' '.repeat(width - filled)}] ${done}/${event.steps}`;
  }
  const eta =
    event.etaSeconds === null ? `${seconds(event.elapsedSeconds)}` : `ETA ${seconds(event.etaSeconds)}`;
  const loss = event.loss === null ? '' : ` · loss ${formatValue(event.loss)}`;
  return `${head} ${bar} · ${eta}${loss}`;
}

/**
 * `verbose: 1`'s reporter. On a TTY it redraws one live line per epoch (epoch, bar, step, ETA,
 * running loss), then leaves the epoch's summary line with every metric; when output is not a
 * TTY (CI logs, files) it writes one line per epoch. In browsers use {@link progressEvents}.
 */
export function progressBar(options: ProgressBarOptions = {}): Callback {
  const stream = options.stream ?? (globalThis.process?.stdout as TerminalLike | undefined);
  let inner: Callback | null = null;
  const pick = (epochs: number): Callback => {
    if (!stream?.isTTY) {
      return epochLines(epochs, stream ? (line) => stream.write(`${line}\n`) : console.log);
    }
    const clear = '\r\x1b[2K';
    return progressEvents(
      (event) => {
        if (event.type === 'batchEnd') {
          const line = barLine(event);
          const max = (stream.columns ?? 120) - 1;
          stream.write(`${clear}${line.length > max ? line.slice(0, max) : line}`);
        } else if (event.type === 'epochEnd') {
          const pad = String(event.epochs).length;
          stream.write(
            `${clear}Epoch ${String(event.epoch + 1).padStart(pad)}/${event.epochs} · ${formatLogs(event.logs)} · ${event.seconds.toFixed(2)}s\n`,
          );
        }
      },
      { intervalMs: options.intervalMs },
    );
  };
  const forward =
    <K extends 'onEpochBegin' | 'onBatchEnd' | 'onEpochEnd' | 'onTrainEnd'>(hook: K) =>
    (...args: unknown[]) =>
      (inner?.[hook] as ((...a: unknown[]) => void) | undefined)?.apply(inner, args);
  return {
    order: 50,
    onTrainBegin(control) {
      inner = pick(control.epochs);
      return inner.onTrainBegin?.(control);
    },
    onEpochBegin: forward('onEpochBegin'),
    onBatchEnd: forward('onBatchEnd'),
    onEpochEnd: forward('onEpochEnd'),
    onTrainEnd: forward('onTrainEnd'),
  };
}
