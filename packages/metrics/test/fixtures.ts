import { readFileSync } from 'node:fs';

/**
 * Reads a fixture written by `scripts/make-fixtures.py`. JSON has no NaN or infinities, so the
 * script writes them as strings; they are decoded back to numbers here.
 */
export function loadFixture<T>(name: string): T {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  return JSON.parse(text, (_key, value) => {
    if (value === 'NaN') return Number.NaN;
    if (value === 'Infinity') return Number.POSITIVE_INFINITY;
    if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
    return value;
  }) as T;
}
