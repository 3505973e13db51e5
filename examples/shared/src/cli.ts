import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { type BackendInfo, type BackendName, numTensors, useBackend } from '@weft/core';

/** The tutorial command contract (docs/contracts.md §6). */
export interface TutorialArgs {
  backend: BackendName | 'auto';
  /** wasm threads in Node (`--threads N`); undefined: the tutorial's default. */
  threads: number | undefined;
  seed: number;
  epochs: number | undefined;
  out: string | undefined;
  json: boolean;
  quick: boolean;
  /** Tutorial-specific flags, as given (`--validation-split 0.2` → `{ 'validation-split': '0.2' }`). */
  extra: Record<string, string | undefined>;
}

export function parseTutorialArgs(argv: string[], extraFlags: string[] = []): TutorialArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      backend: { type: 'string', default: 'auto' },
      threads: { type: 'string' },
      seed: { type: 'string', default: '0' },
      epochs: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      ...Object.fromEntries(extraFlags.map((flag) => [flag, { type: 'string' as const }])),
    },
    strict: true,
  });
  const text = values as Record<string, string | boolean | undefined>;
  return {
    backend: text.backend as BackendName | 'auto',
    threads: toNumber('threads', text.threads as string | undefined),
    seed: toNumber('seed', text.seed as string) ?? 0,
    epochs: toNumber('epochs', text.epochs as string | undefined),
    out: text.out as string | undefined,
    json: text.json === true,
    quick: text.quick === true,
    extra: Object.fromEntries(extraFlags.map((flag) => [flag, text[flag] as string | undefined])),
  };
}

/** A numeric flag, or a clear error naming it. */
export function toNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`--${flag} must be a number. Received: ${text}.`);
  return value;
}

export interface TutorialDefaults {
  /**
   * 'cores': on wasm in Node, one thread per core unless `--threads` says otherwise — for
   * tutorials whose ops are large (convolutions, attention), where threads pay off. Otherwise 1.
   */
  wasmThreads?: 'cores';
}

export interface TutorialContext {
  args: TutorialArgs;
  backend: BackendInfo;
  /** Human-readable output; silent with --json so the JSON line stands alone. */
  log: (...parts: unknown[]) => void;
}

/**
 * Runs a tutorial body under the command contract: picks the backend, checks that no tensor is
 * left alive at the end, and with --json prints the result object as the last line. The body
 * returns the JSON keys of its headline run (and `runs` for the others).
 */
export async function runTutorial(
  name: string,
  body: (ctx: TutorialContext) => Promise<Record<string, unknown>>,
  extraFlags: string[] = [],
  defaults: TutorialDefaults = {},
): Promise<void> {
  const args = parseTutorialArgs(process.argv.slice(2), extraFlags);
  const log = args.json ? () => {} : (...parts: unknown[]) => console.log(...parts);
  const threads =
    args.threads ?? (defaults.wasmThreads === 'cores' ? Math.min(availableParallelism(), 8) : 1);
  const backend = await useBackend(args.backend, { threads });
  log(
    `backend: ${backend.name} (${backend.device ?? 'unknown device'}${backend.software ? ', software' : ''})` +
      (backend.name === 'wasm' ? ` — ${backend.reason}` : ''),
  );
  const before = numTensors();
  const result = await body({ args, backend, log });
  const leakedTensors = numTensors() - before;
  if (args.json) {
    console.log(
      JSON.stringify({ tutorial: name, backend: backend.name, seed: args.seed, ...result, leakedTensors }),
    );
  }
  if (leakedTensors !== 0) {
    console.error(`${name}: ${leakedTensors} tensor(s) were left undisposed`);
    process.exitCode = 1;
  }
}
