import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;

describe('docs/getting-started.md', () => {
  it('its program runs as written and trains a working pipeline', async () => {
    const page = await readFile(join(root, 'docs', 'getting-started.md'), 'utf8');
    const program = page.match(/```ts\n([\s\S]*?)```/)?.[1];
    expect(program).toBeDefined();
    // Written next to this package so the @weft/* packages resolve from the workspace.
    const dir = await mkdtemp(join(root, 'examples', 'shared', '.getting-started-'));
    const file = join(dir, 'program.ts');
    try {
      await writeFile(file, program as string);
      const { stdout } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
        cwd: root,
        timeout: 120_000,
      });
      const match = stdout.match(/test R² ([\d.]+); a 120 m² house: (\d+)/);
      expect(match).not.toBeNull();
      expect(Number(match?.[1])).toBeGreaterThan(0.9);
      // 3000·120 + 20000·3 + 50000·1 = 470,000 by the generating rule.
      expect(Math.abs(Number(match?.[2]) - 470_000)).toBeLessThan(60_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
