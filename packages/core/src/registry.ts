import { NotFoundError, ValueError } from './errors.js';

/**
 * A named list of things (layers, metrics, losses, model factories). Registries are filled
 * explicitly from a list in each package's index, never by import side effects.
 */
export class Registry<T> {
  private readonly entries = new Map<string, T>();

  /** @param kind What the registry holds, for messages ("layer", "metric"). */
  constructor(readonly kind: string) {}

  register(name: string, value: T, options: { override?: boolean } = {}): this {
    if (!name) {
      throw new ValueError({ where: 'Registry.register', problem: `a ${this.kind} needs a non-empty name` });
    }
    if (this.entries.has(name) && !options.override) {
      throw new ValueError({
        where: 'Registry.register',
        problem: `a ${this.kind} named "${name}" is already registered`,
        received: { name },
        fix: 'Choose another name, or pass { override: true } to replace it on purpose',
      });
    }
    this.entries.set(name, value);
    return this;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry called `name`; throws a {@link NotFoundError} that suggests close names. */
  get(name: string): T {
    const value = this.entries.get(name);
    if (value !== undefined) return value;
    const suggestion = closestName(name, [...this.entries.keys()]);
    throw new NotFoundError({
      where: 'Registry.get',
      problem: `no ${this.kind} is registered as "${name}"`,
      expected: `one of: ${this.list().join(', ') || '(none registered)'}`,
      received: { name },
      fix: suggestion ? `Did you mean "${suggestion}"?` : `Register it first with register("${name}", …)`,
    });
  }

  /** Registered names, sorted. */
  list(): string[] {
    return [...this.entries.keys()].sort();
  }
}

/** The closest candidate by edit distance (case-insensitive), if it is close enough to be a typo. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Levenshtein distance with two rolling rows. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
