#!/usr/bin/env node
// `pnpm tutorial <name> [flags]`: runs examples/<name> from its TypeScript sources (no build step),
// with the workspace packages resolved through their `source` export condition.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(join(root, 'examples')).filter((d) =>
  existsSync(join(root, 'examples', d, 'src', 'main.ts')),
);
if (!name || !available.includes(name)) {
  console.error(
    `usage: pnpm tutorial <name> [--backend B] [--seed N] [--epochs N] [--out DIR] [--json] [--quick]`,
  );
  console.error(`tutorials: ${available.join(', ')}${name ? `\nunknown tutorial: ${name}` : ''}`);
  process.exit(2);
}
const main = join(root, 'examples', name, 'src', 'main.ts');
const tsx = import.meta.resolve('tsx');
const run = spawnSync(process.execPath, ['--conditions=source', '--import', tsx, main, ...args], {
  stdio: 'inherit',
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
process.exit(run.status ?? 1);
