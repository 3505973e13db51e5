import { ConfigError } from '@weft/core';

/**
 * A part's row count from a fraction in (0, 1) — ceil(fraction · n), as scikit-learn rounds a
 * test size — or from a whole row count. Throws a ConfigError for anything else.
 */
export function partSize(value: unknown, n: number, name: string, where: string): number {
  if (typeof value === 'number' && value > 0 && value < 1) return Math.ceil(value * n);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new ConfigError({
    where,
    problem: `options.${name} is neither a fraction nor a row count`,
    expected: 'a fraction strictly between 0 and 1, or a whole number of rows ≥ 1',
    received: { [name]: value },
    fix: `Pass e.g. { ${name}: 0.2 } for 20 % of the rows`,
  });
}

/** Throws a ConfigError unless every part gets at least one row and no row is left over. */
export function checkSizes(sizes: Record<string, number>, n: number, where: string): void {
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const empty = Object.entries(sizes).find(([, size]) => size < 1);
  if (total === n && empty === undefined) return;
  throw new ConfigError({
    where,
    problem: empty
      ? `the ${empty[0]} part would have no rows`
      : `the parts hold ${total} rows but the table has ${n}`,
    expected: `sizes that leave every part at least one row and add up to the table's ${n} rows`,
    received: sizes,
    fix: 'Use smaller fractions or counts, or a larger table',
  });
}
