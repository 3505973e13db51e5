import { ConfigError } from '@weft/core';

/**
 * Config checks shared by every layer, so a bad option fails at construction with a message that
 * names the option, what was received and what is allowed (contracts: the error template).
 */

/** Throws a ConfigError naming any key of `config` not in `allowed` (a typo'd option would be ignored otherwise). */
export function checkKeys(where: string, config: object, allowed: readonly string[]): void {
  for (const key of Object.keys(config)) {
    if ((config as Record<string, unknown>)[key] !== undefined && !allowed.includes(key)) {
      throw new ConfigError({
        where,
        problem: `unknown option "${key}"`,
        expected: `options among ${allowed.join(', ')}`,
        received: { [key]: (config as Record<string, unknown>)[key] },
        fix: 'Remove it or correct its spelling',
      });
    }
  }
}

export function positiveInt(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError({
      where,
      problem: `${name} must be a positive integer`,
      received: { [name]: value },
    });
  }
  return value;
}

export function oneOf<T extends string>(
  where: string,
  name: string,
  value: unknown,
  options: readonly T[],
): T {
  if (!options.includes(value as T)) {
    throw new ConfigError({
      where,
      problem: `${name} is not one of the supported values`,
      expected: options.map((o) => `'${o}'`).join(', '),
      received: { [name]: value },
    });
  }
  return value as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
