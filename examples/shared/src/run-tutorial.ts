import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;

/**
 * Runs `pnpm tutorial <name> <args>` as a user would (a child process, from the TypeScript
 * sources, in the repository root) and returns the JSON object of its last output line (the
 * tutorials' tests pass `--json`).
 */
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON; each test's assertions check its shape.
export async function runTutorialJson(name: string, args: string[], timeoutMs: number): Promise<any> {
  const { stdout } = await run(process.execPath, [join(root, 'scripts', 'tutorial.mjs'), name, ...args], {
    cwd: root,
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}
