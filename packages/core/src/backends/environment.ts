import type { ImportModule } from './types.js';

/** True in Node (and Node-compatible runtimes); false in browsers and workers. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** True where a DOM or worker global scope exists. */
export function isBrowser(): boolean {
  return !isNode() && (typeof window !== 'undefined' || typeof self !== 'undefined');
}

/**
 * Dynamic import that bundlers leave alone: optional backends are loaded only when asked for,
 * and a missing one becomes a clear error instead of a bundling failure.
 */
export const defaultImportModule: ImportModule = (specifier) => import(/* @vite-ignore */ specifier);

/** Imports a module, or returns the error that stopped it. */
export async function tryImport(
  importModule: ImportModule,
  specifier: string,
): Promise<{ module: unknown; error: null } | { module: null; error: Error }> {
  try {
    return { module: await importModule(specifier), error: null };
  } catch (error) {
    return { module: null, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * True when an import failed because the package is not installed. Node says
 * `ERR_MODULE_NOT_FOUND` / "Cannot find package"; Vite (vitest, bundlers) says "Could not resolve".
 */
export function isMissingModule(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (package|module)|Could not resolve|Failed to resolve|ERR_MODULE_NOT_FOUND/.test(
      error.message,
    )
  );
}

/** Reads an environment variable in Node; undefined elsewhere. */
export function env(name: string): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env?.[name];
}
