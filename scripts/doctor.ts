/**
 * `pnpm doctor`: what Weft can run on here, and what to install for the rest.
 *
 * Prints every backend `listBackends()` knows (available, software-emulated, device, reason), the
 * versions that matter when reporting a bug, the backend `useBackend('auto')` picks, and for each
 * missing backend the install line. Exits 0 whatever is missing (it is a diagnosis, not a check);
 * non-zero only if the doctor itself crashes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Relative import: the workspace root does not depend on @weft/core; tsx runs its sources.
import { type BackendInfo, listBackends, useBackend } from '../packages/core/src/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORE_DIR = join(ROOT, 'packages/core');

/** Packages whose versions matter for a backend problem, resolved as @weft/core resolves them. */
const TFJS_PACKAGES = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-backend-webgpu',
  'webgpu',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
];

const MESA_PACKAGES = 'libegl1 libegl-dev libegl-mesa0 libgl1-mesa-dri';

/** The installed version of `name` as seen from `fromDir`, without importing it. */
function installedVersion(name: string, fromDir: string): string | null {
  const require = createRequire(join(fromDir, 'package.json'));
  for (const dir of require.resolve.paths(name) ?? []) {
    const manifest = join(dir, name, 'package.json');
    if (existsSync(manifest))
      return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  }
  return null;
}

function workspacePackages(): { name: string; version: string }[] {
  const dir = join(ROOT, 'packages');
  return readdirSync(dir)
    .filter((entry) => existsSync(join(dir, entry, 'package.json')))
    .map(
      (entry) =>
        JSON.parse(readFileSync(join(dir, entry, 'package.json'), 'utf8')) as {
          name: string;
          version: string;
        },
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** What to do about a backend that is missing (or only software-emulated). */
function advice(row: BackendInfo): string[] {
  switch (row.name) {
    case 'webgpu':
      if (row.available && row.software) {
        return [
          'webgpu runs on a software adapter (e.g. llvmpipe): correct but slow. auto skips it; ' +
            "ask for it by name with useBackend('webgpu'). A real GPU and its driver make it fast.",
        ];
      }
      return [
        'webgpu: npm install @tensorflow/tfjs-backend-webgpu@^4.22.0 webgpu@^0.6.2 (webgpu = Dawn bindings for Node, ~51 MB)',
        `  In Node on Debian/Ubuntu without a GPU driver, Dawn runs on Mesa: apt-get install -y ${MESA_PACKAGES}`,
        '  and EGL_PLATFORM=surfaceless (Weft sets it when unset; "x11" fails without a display).',
        `  EGL_PLATFORM here: ${process.env.EGL_PLATFORM ?? '(unset)'}`,
      ];
    case 'tensorflow':
      return [
        'tensorflow: npm install @tensorflow/tfjs-node-gpu@^4.22.0 (Linux x64, CUDA 11.2 + cuDNN 8.1)',
        '  or npm install @tensorflow/tfjs-node@^4.22.0 (CPU). Both download libtensorflow at install time.',
      ];
    case 'webgl':
      return [
        'webgl: browsers only: npm install @tensorflow/tfjs-backend-webgl@^4.22.0 and run in a browser.',
      ];
    case 'wasm':
      return [
        'wasm: npm install @tensorflow/tfjs-backend-wasm@^4.22.0 (in a browser, serve its .wasm files; see wasmPaths).',
      ];
    default:
      return [`${row.name}: ${row.reason}`];
  }
}

async function main(): Promise<void> {
  console.log('Weft doctor\n');
  const rows = await listBackends();
  console.log('Backends');
  console.log(
    table(
      ['backend', 'available', 'software', 'device', 'reason'],
      rows.map((r) => [
        r.name,
        r.available ? 'yes' : 'no',
        r.software ? 'yes' : 'no',
        r.device ?? '-',
        r.reason,
      ]),
    ),
  );

  console.log('\nVersions');
  const versions: string[][] = [
    ['node', process.version],
    ['platform', `${process.platform}/${process.arch}`],
    ...TFJS_PACKAGES.map((name) => [name, installedVersion(name, CORE_DIR) ?? 'not installed']),
    ...workspacePackages().map((p) => [p.name, p.version]),
  ];
  console.log(table(['package', 'version'], versions));

  let chosen: string;
  try {
    const info = await useBackend('auto');
    chosen = `${info.name} (${info.device ?? 'unknown device'})`;
  } catch (error) {
    chosen = `none: ${error instanceof Error ? error.message : String(error)}`;
  }
  console.log(`\nuseBackend('auto') picks: ${chosen}`);

  const todo = rows.filter((r) => !r.available || r.software);
  console.log('\nTo install');
  if (todo.length === 0) console.log('Nothing: every backend is available.');
  for (const row of todo) for (const line of advice(row)) console.log(line);
}

try {
  await main();
  // Dawn (npm `webgpu`) can hold the event loop open; the report is complete, so leave now.
  process.exit(0);
} catch (error) {
  console.error('weft doctor crashed:', error);
  process.exit(1);
}
