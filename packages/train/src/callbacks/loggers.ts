import { ConfigError } from '@weft/core';
import type { Callback, Logs } from '../callbacks.js';
import { appendText, readTextIfExists, writeTextAtomic } from './files.js';

export interface LoggerOptions {
  /** A file to write (Node). */
  path?: string;
  /** Or a function receiving the text (browsers, custom sinks). */
  write?: (text: string) => void | Promise<void>;
}

export interface CsvLoggerOptions extends LoggerOptions {
  /** Keep an existing file and add rows to it (for resumed runs; default false). */
  append?: boolean;
}

function checkSink(options: LoggerOptions, owner: string): void {
  if ((options.path === undefined) === (options.write === undefined)) {
    throw new ConfigError({
      where: owner,
      problem: 'exactly one of path and write must be given',
      received: { path: options.path, write: typeof options.write },
    });
  }
}

/** A CSV cell: plain numbers, with NaN and infinities spelled out. */
function cell(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/**
 * Writes one CSV row per epoch (`epoch,loss,valLoss,…`), Keras' `CSVLogger`. The columns are
 * those of the first epoch (or of the existing header when appending); the file is written as
 * each epoch ends, so a crash keeps every finished epoch.
 */
export function csvLogger(options: CsvLoggerOptions): Callback {
  checkSink(options, 'csvLogger');
  let columns: string[] | null = null;
  const emit = async (text: string) => {
    if (options.write) await options.write(text);
    else await appendText(options.path as string, text);
  };
  return {
    order: 50,
    async onTrainBegin() {
      columns = null;
      if (!options.path) return;
      if (options.append) {
        const existing = await readTextIfExists(options.path);
        const header = existing?.split('\n')[0];
        if (header) columns = header.split(',').slice(1);
      } else {
        await writeTextAtomic(options.path, '');
      }
    },
    async onEpochEnd(epoch: number, logs: Logs) {
      let text = '';
      if (!columns) {
        columns = Object.keys(logs);
        text += `epoch,${columns.join(',')}\n`;
      }
      text += `${epoch},${columns.map((key) => cell(logs[key])).join(',')}\n`;
      await emit(text);
    },
  };
}

/**
 * Rewrites a JSON file with the whole history after every epoch
 * (`{ epoch: [...], history: { loss: [...] } }`), atomically, so readers never see half a file.
 * Non-finite values are written as null.
 */
export function jsonLogger(options: LoggerOptions): Callback {
  checkSink(options, 'jsonLogger');
  const emit = async (text: string) => {
    if (options.write) await options.write(text);
    else await writeTextAtomic(options.path as string, text);
  };
  return {
    order: 50,
    async onEpochEnd(_epoch, _logs, control) {
      await emit(`${JSON.stringify(control.history.toJSON(), null, 2)}\n`);
    },
    async onTrainEnd(_logs, control) {
      await emit(`${JSON.stringify(control.history.toJSON(), null, 2)}\n`);
    },
  };
}
