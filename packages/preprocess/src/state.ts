import { FormatError, NotFittedError } from '@weft/core';

/** Throws a NotFittedError unless the transform has been fitted (or restored). */
export function requireFitted(fitted: boolean, where: string, className: string, input = 'table'): void {
  if (fitted) return;
  const train = input === 'table' ? 'trainTable' : 'trainTexts';
  throw new NotFittedError({
    where,
    problem: `this ${className} is not fitted yet`,
    expected: `fit(${input}) or setState(state) before use`,
    fix: `Call await ${lowerFirst(className)}.fit(${train}) first${input === 'table' ? ', or fitTransform(trainTable)' : ''}`,
  });
}

/** Checks a saved state's shape, throwing a FormatError that names the first bad field. */
export class StateReader {
  constructor(
    private readonly state: unknown,
    private readonly where: string,
    className: string,
  ) {
    if (state === null || typeof state !== 'object') this.fail('the state is not an object', { state });
    const found = (state as { className?: unknown }).className;
    if (found !== className) {
      this.fail(
        `the state belongs to ${JSON.stringify(found)}, not ${className}`,
        { className: found },
        'Restore it with transformFromState(state)',
      );
    }
  }

  private get record(): Record<string, unknown> {
    return this.state as Record<string, unknown>;
  }

  fail(problem: string, received: Record<string, unknown>, fix?: string): never {
    throw new FormatError({
      where: this.where,
      problem,
      received,
      fix: fix ?? 'Pass a state saved by getState()',
    });
  }

  boolean(key: string): boolean {
    const v = this.record[key];
    if (typeof v !== 'boolean') this.fail(`state.${key} is not a boolean`, { [key]: v });
    return v;
  }

  count(key: string): number {
    const v = this.record[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      this.fail(`state.${key} is not a positive integer`, { [key]: v });
    return v;
  }

  strings(key: string): string[] {
    const v = this.record[key];
    if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string')) {
      this.fail(`state.${key} is not a non-empty array of strings`, { [key]: v });
    }
    return [...v];
  }

  /** An array of finite numbers of the given length (null stands for NaN where `allowNaN`). */
  numbers(key: string, length: number, options: { allowNaN?: boolean } = {}): Float64Array {
    const v = this.record[key];
    const ok =
      Array.isArray(v) &&
      v.length === length &&
      v.every((x) => (typeof x === 'number' && Number.isFinite(x)) || (options.allowNaN && x === null));
    if (!ok) this.fail(`state.${key} is not an array of ${length} finite numbers`, { [key]: v });
    return Float64Array.from(v as (number | null)[], (x) => (x === null ? Number.NaN : x));
  }

  raw(key: string): unknown {
    return this.record[key];
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
