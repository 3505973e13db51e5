import type { UserWorkspaceConfig } from 'vitest/config';

/**
 * The vitest settings every workspace project shares: tests import sibling packages from
 * their sources (the `source` export condition), so no build is needed before testing.
 */
export function weftProject(name: string): UserWorkspaceConfig {
  return {
    resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] },
    ssr: { resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // One fork per file keeps the tfjs engine (a process-wide singleton) isolated per file.
      pool: 'forks',
    },
  };
}
