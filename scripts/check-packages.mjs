#!/usr/bin/env node
/**
 * `pnpm check:packages`: would every package work once published?
 *
 *   1. build each package (dependencies first; a package whose dependency failed is skipped);
 *   2. publint (exports, files, types) on each package directory;
 *   3. `pnpm pack` each package (pnpm rewrites `workspace:` ranges, as `pnpm publish` does) and run
 *      `attw --profile esm-only` on the tarball (ESM-only packages: the CJS rows do not apply);
 *   4. smoke test: a fresh `"type": "module"` project installs every tarball together (a lone
 *      tarball's @weft dependencies are not on the registry) plus the peers, then imports every
 *      entry point of every package in plain Node.
 *
 * Prints one row per package and exits non-zero if any step failed anywhere.
 *
 * Options: --only core,testing   check these packages only (their @weft dependencies are still
 *                                built and packed so the install can resolve them)
 *          --keep                keep the temporary directory and print its path
 *          --skip-smoke          steps 1–3 only (no network needed)
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules/.bin');
/** Peers installed next to the tarballs, at the versions Weft is developed against. */
const PEERS = { '@tensorflow/tfjs-core': '4.22.0', arquero: '8.0.3' };
/** arquero 8.0.3 pulls @uwdata/flechette 2.7.0, whose dependency the registry here lacks. */
const OVERRIDES = { '@uwdata/flechette': '2.6.0' };

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? '') : undefined;
};
const only = option('--only')
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const keep = args.includes('--keep');
const skipSmoke = args.includes('--skip-smoke');

function run(command, commandArgs, cwd, extra = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', TURBO_TELEMETRY_DISABLED: '1' },
    maxBuffer: 64 * 1024 * 1024,
    ...extra,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, status: result.status, output };
}

/** The last `n` non-empty lines, indented: enough to see why without flooding the summary. */
function tail(text, n = 15) {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines
    .slice(-n)
    .map((l) => `      ${l}`)
    .join('\n');
}

function readPackages() {
  const dir = join(ROOT, 'packages');
  return readdirSync(dir)
    .filter((entry) => existsSync(join(dir, entry, 'package.json')))
    .map((entry) => {
      const manifest = JSON.parse(readFileSync(join(dir, entry, 'package.json'), 'utf8'));
      const deps = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.devDependencies };
      return {
        short: entry,
        name: manifest.name,
        dir: join(dir, entry),
        manifest,
        weftDeps: Object.keys(deps).filter((d) => d.startsWith('@weft/')),
      };
    });
}

/** Dependencies before dependents (the package graph has no cycles; a cycle is reported). */
function topological(packages) {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const order = [];
  const state = new Map();
  const visit = (p, path) => {
    if (state.get(p.name) === 'done') return;
    if (state.get(p.name) === 'visiting')
      throw new Error(`dependency cycle: ${[...path, p.name].join(' → ')}`);
    state.set(p.name, 'visiting');
    for (const dep of p.weftDeps) if (byName.has(dep)) visit(byName.get(dep), [...path, p.name]);
    state.set(p.name, 'done');
    order.push(p);
  };
  for (const p of packages) visit(p, []);
  return order;
}

/** The package and every @weft package it needs, transitively. */
function closure(names, packages) {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const out = new Set();
  const add = (name) => {
    if (out.has(name) || !byName.has(name)) return;
    out.add(name);
    for (const dep of byName.get(name).weftDeps) add(dep);
  };
  for (const name of names) add(name);
  return out;
}

async function lint(pkg) {
  const { messages, pkg: manifest } = await publint({ pkgDir: pkg.dir, level: 'warning', pack: 'pnpm' });
  const lines = messages.map((m) => `${m.type}: ${formatMessage(m, manifest, { color: false })}`);
  return { ok: messages.length === 0, output: lines.join('\n') };
}

function pack(pkg, destination) {
  const result = run('pnpm', ['pack', '--json', '--pack-destination', destination], pkg.dir);
  if (!result.ok) return { ok: false, output: result.output };
  const json = result.output.slice(result.output.indexOf('{'));
  try {
    const filename = JSON.parse(json.slice(0, json.lastIndexOf('}') + 1)).filename;
    return { ok: true, tarball: filename.startsWith('/') ? filename : join(destination, filename) };
  } catch {
    const found = readdirSync(destination).find((f) =>
      f.startsWith(pkg.name.replace('@', '').replace('/', '-')),
    );
    return found ? { ok: true, tarball: join(destination, found) } : { ok: false, output: result.output };
  }
}

function entryPoints(pkg) {
  const exports = pkg.manifest.exports;
  if (!exports || typeof exports === 'string') return [pkg.name];
  return Object.keys(exports)
    .filter((key) => key.startsWith('.') && !key.endsWith('.json') && !key.includes('*'))
    .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));
}

function smokeInstall(projectDir, tarballs) {
  mkdirSync(projectDir, { recursive: true });
  const dependencies = { ...PEERS };
  for (const [name, tarball] of tarballs) dependencies[name] = `file:${tarball}`;
  const manifest = {
    name: 'weft-pack-smoke-test',
    private: true,
    type: 'module',
    dependencies,
    overrides: OVERRIDES,
    pnpm: { overrides: OVERRIDES },
  };
  writeFileSync(join(projectDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], projectDir, {
    timeout: 600_000,
  });
}

function smokeImport(projectDir, specifier) {
  // Node is the judge: no bundler, no `source` condition, only what the tarball ships.
  const code = `await import(${JSON.stringify(specifier)});`;
  return run(process.execPath, ['--input-type=module', '-e', code], projectDir, { timeout: 120_000 });
}

async function main() {
  const all = topological(readPackages());
  const selected = only ? all.filter((p) => only.includes(p.short) || only.includes(p.name)) : all;
  if (only && selected.length !== only.length) {
    console.error(
      `Unknown package in --only ${only.join(',')}; known: ${all.map((p) => p.short).join(', ')}`,
    );
    process.exit(2);
  }
  const needed = closure(
    selected.map((p) => p.name),
    all,
  );
  const packages = all.filter((p) => needed.has(p.name));
  const work = mkdtempSync(join(tmpdir(), 'weft-check-packages-'));
  const tarballDir = join(work, 'tarballs');
  mkdirSync(tarballDir);
  /** name → { build, publint, attw, import } each { ok, output } or a skip note */
  const report = new Map(packages.map((p) => [p.name, {}]));
  const failed = (name, step) => report.get(name)[step] && !report.get(name)[step].ok;

  console.log(`Checking ${selected.map((p) => p.name).join(', ')} (temp dir ${work})\n`);
  for (const pkg of packages) {
    const row = report.get(pkg.name);
    const brokenDep = pkg.weftDeps.find((d) => report.has(d) && failed(d, 'build'));
    if (brokenDep) {
      row.build = { ok: false, output: `not built: its dependency ${brokenDep} failed to build` };
    } else {
      process.stdout.write(`build ${pkg.name} … `);
      const result = run('pnpm', ['run', 'build'], pkg.dir);
      row.build = { ok: result.ok, output: result.output };
      console.log(result.ok ? 'ok' : 'FAILED');
    }
    const packed = pack(pkg, tarballDir);
    row.tarball = packed.tarball;
    if (!selected.includes(pkg)) continue;
    if (!row.build.ok) continue;
    row.publint = await lint(pkg).catch((error) => ({ ok: false, output: String(error?.stack ?? error) }));
    if (!packed.ok) {
      row.attw = { ok: false, output: `pnpm pack failed:\n${packed.output}` };
      continue;
    }
    const attw = run(
      join(BIN, 'attw'),
      [packed.tarball, '--profile', 'esm-only', '--format', 'table', '--no-color', '--no-emoji'],
      ROOT,
    );
    row.attw = { ok: attw.ok, output: attw.output };
    console.log(
      `publint ${row.publint.ok ? 'ok' : 'FAILED'}, attw ${attw.ok ? 'ok' : 'FAILED'}: ${pkg.name}`,
    );
  }

  if (!skipSmoke) {
    const tarballs = packages
      .filter((p) => report.get(p.name).tarball)
      .map((p) => [p.name, report.get(p.name).tarball]);
    const projectDir = join(work, 'project');
    console.log(`\nnpm install of ${tarballs.length} tarballs + ${Object.keys(PEERS).join(', ')} …`);
    const install = smokeInstall(projectDir, tarballs);
    for (const pkg of selected) {
      const row = report.get(pkg.name);
      if (!row.build.ok) continue;
      if (!install.ok) {
        row.import = { ok: false, output: `npm install failed:\n${install.output}` };
        continue;
      }
      const failures = [];
      for (const specifier of entryPoints(pkg)) {
        const result = smokeImport(projectDir, specifier);
        if (!result.ok) failures.push(`import('${specifier}') failed:\n${result.output}`);
      }
      row.import = { ok: failures.length === 0, output: failures.join('\n') };
      console.log(`import ${failures.length === 0 ? 'ok' : 'FAILED'}: ${entryPoints(pkg).join(', ')}`);
    }
  }

  console.log('\nSummary');
  const steps = skipSmoke ? ['build', 'publint', 'attw'] : ['build', 'publint', 'attw', 'import'];
  const width = Math.max(...selected.map((p) => p.name.length));
  console.log(`${'package'.padEnd(width)}  ${steps.map((s) => s.padEnd(7)).join(' ')}`);
  let anyFailed = false;
  for (const pkg of selected) {
    const row = report.get(pkg.name);
    const cells = steps.map((step) => (row[step] ? (row[step].ok ? 'ok' : 'FAIL') : '-').padEnd(7));
    console.log(`${pkg.name.padEnd(width)}  ${cells.join(' ')}`);
  }
  for (const pkg of selected) {
    const row = report.get(pkg.name);
    for (const step of steps) {
      if (row[step] && !row[step].ok) {
        anyFailed = true;
        console.log(`\n✗ ${pkg.name}: ${step}\n${tail(row[step].output, step === 'attw' ? 40 : 15)}`);
      }
    }
  }
  if (keep) console.log(`\nKept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(anyFailed ? '\nSome packages failed: see above.' : '\nAll checked packages passed.');
  process.exit(anyFailed ? 1 : 0);
}

main().catch((error) => {
  console.error('check-packages crashed:', error);
  process.exit(1);
});
