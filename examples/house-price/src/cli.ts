import { parseArgs } from 'node:util';
import type { BackendName } from '@weft/core';

/** The tutorial command contract (docs/contracts.md §6), shared flags first. */
export interface TutorialArgs {
  backend: BackendName | 'auto';
  seed: number;
  epochs: number | undefined;
  out: string | undefined;
  json: boolean;
  quick: boolean;
  validationSplit: number | undefined;
}

export function parseTutorialArgs(argv: string[]): TutorialArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      backend: { type: 'string', default: 'auto' },
      seed: { type: 'string', default: '0' },
      epochs: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'validation-split': { type: 'string' },
    },
    strict: true,
  });
  const number = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`--${name} must be a number. Received: ${text}.`);
    return value;
  };
  return {
    backend: values.backend as BackendName | 'auto',
    seed: number('seed', values.seed) ?? 0,
    epochs: number('epochs', values.epochs),
    out: values.out,
    json: values.json ?? false,
    quick: values.quick ?? false,
    validationSplit: number('validation-split', values['validation-split']),
  };
}
