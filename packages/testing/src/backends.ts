import {
  BACKEND_NAMES,
  type BackendInfo,
  type BackendName,
  ConfigError,
  closestName,
  listBackends,
  useBackend,
} from '@weft/core';
import { afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { leakGuardEnd, leakGuardStart } from './leaks.js';

export interface BackendPlan {
  /** Backends whose tests run. */
  run: BackendName[];
  /** Backends skipped, with the reason printed once. */
  skipped: { name: BackendName; reason: string }[];
  /** True when WEFT_BACKENDS named the list (then an unavailable one fails instead of skipping). */
  explicit: boolean;
}

let planPromise: Promise<BackendPlan> | null = null;
let skipReported = false;

/**
 * Which backends tests cover (contracts.md): `WEFT_BACKENDS=cpu,wasm,webgpu` runs exactly those
 * and fails the tests of a listed backend that cannot start; unset, every available backend runs
 * and each missing one is skipped with a printed reason. Computed once per process.
 */
export function backendPlan(): Promise<BackendPlan> {
  planPromise ??= resolvePlan(globalThis.process?.env?.WEFT_BACKENDS, () => listBackends());
  return planPromise;
}

/**
 * The plan for a `WEFT_BACKENDS` value (`requested`), probing with `probe` only when it is unset
 * or blank. Separate from {@link backendPlan} so it can be tested without environment variables.
 */
export async function resolvePlan(
  requested: string | undefined,
  probe: () => Promise<BackendInfo[]>,
): Promise<BackendPlan> {
  const text = (requested ?? '').trim();
  if (text) {
    const names = [
      ...new Set(
        text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    const unknown = names.filter((n) => !(BACKEND_NAMES as readonly string[]).includes(n));
    if (unknown.length > 0) {
      const hints = unknown.map((n) => closestName(n, BACKEND_NAMES)).filter(Boolean);
      throw new ConfigError({
        where: 'backendPlan',
        problem: 'WEFT_BACKENDS names unknown backends',
        expected: `a comma-separated subset of ${BACKEND_NAMES.join(', ')}`,
        received: { WEFT_BACKENDS: text, unknown },
        fix:
          hints.length > 0 ? `Did you mean ${hints.join(', ')}?` : 'Unset it to run every available backend',
      });
    }
    return { run: names as BackendName[], skipped: [], explicit: true };
  }
  const rows = await probe();
  return {
    run: rows.filter((r) => r.available).map((r) => r.name),
    skipped: rows.filter((r) => !r.available).map((r) => ({ name: r.name, reason: r.reason })),
    explicit: false,
  };
}

export interface BackendContext {
  /** The backend the enclosed tests run on. */
  backend: BackendName;
}

export interface DescribeBackendsOptions {
  /** Restrict to these backends (intersected with the plan), e.g. when a kernel is cpu-only. */
  only?: BackendName[];
  /** Allow tests to leave tensors behind (for suites that check leaks themselves). Default false. */
  allowLeaks?: boolean;
}

/**
 * Runs a suite once per backend (like tfjs' `describeWithFlags`), each under the leak guard: a
 * test that ends with more live tensors than it started with fails. Call it at the top level
 * of a test file with `await` (vitest collects suites registered after top-level awaits).
 */
export async function describeBackends(
  name: string,
  body: (ctx: BackendContext) => void,
  options: DescribeBackendsOptions = {},
): Promise<void> {
  const plan = await backendPlan();
  if (!skipReported && plan.skipped.length > 0) {
    skipReported = true;
    for (const s of plan.skipped) console.log(`[weft] skipping backend ${s.name}: ${s.reason}`);
  }
  const backends = options.only ? plan.run.filter((b) => options.only?.includes(b)) : plan.run;
  for (const backend of backends) {
    describe(`${name} [${backend}]`, () => {
      beforeAll(async () => {
        await useBackend(backend);
      });
      if (!options.allowLeaks) {
        beforeEach(() => leakGuardStart());
        afterEach(() => leakGuardEnd());
      }
      body({ backend });
    });
  }
}
