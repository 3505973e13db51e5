import fc from 'fast-check';

/**
 * Seeded property tests: fast-check with a fixed seed (overridable with WEFT_PROPERTY_SEED) so a
 * failure reproduces, and a run count that stays quick on 2 cores.
 */
export function propertySeed(): number {
  const fromEnv = Number(globalThis.process?.env?.WEFT_PROPERTY_SEED);
  return Number.isFinite(fromEnv) && fromEnv !== 0 ? fromEnv : 20261125;
}

export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IPropertyWithHooks<Ts>,
  options: { numRuns?: number } = {},
): Promise<void> {
  await fc.assert(property as fc.IAsyncProperty<Ts>, {
    seed: propertySeed(),
    numRuns: options.numRuns ?? 50,
  });
}

export { fc };
