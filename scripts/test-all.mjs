#!/usr/bin/env node
// The whole test suite, as the README's second command runs it: lint, typecheck every workspace
// project, the vitest suites of every package and example, the browser demo's end-to-end test in
// Chromium, then the package checks (publint, attw, pack-and-import). Every stage runs even if an earlier one fails; the exit code is non-zero
// if any failed, and the last line is the totals in the form CI tools read ("N passed, N failed").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const skipPackChecks = process.argv.includes('--no-pack');
const results = [];

function stage(name, command, args, options = {}) {
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const run = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  const ok = run.status === 0;
  results.push({ name, ok, seconds: (Date.now() - started) / 1000 });
  return ok;
}

// Typecheck: one program over every project that uses the shared compiler options (one type graph,
// much faster than a tsc per package), plus each project whose tsconfig sets options of its own.
const projects = ['packages', 'examples']
  .flatMap((dir) =>
    existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((d) => join(dir, d)) : [],
  )
  .filter((dir) => existsSync(join(root, dir, 'tsconfig.json')));
const ownOptions = projects.filter((dir) => {
  const options = JSON.parse(readFileSync(join(root, dir, 'tsconfig.json'), 'utf8')).compilerOptions ?? {};
  return Object.keys(options).some((key) => key !== 'noEmit' && key !== 'customConditions');
});

stage('lint', bin('biome'), ['check', '.']);
stage('typecheck (shared options)', bin('tsc'), ['-p', 'tsconfig.check.json']);
for (const project of ownOptions)
  stage(`typecheck ${project}`, bin('tsc'), ['-p', join(project, 'tsconfig.json')]);

const reportDir = mkdtempSync(join(tmpdir(), 'weft-test-'));
const report = join(reportDir, 'vitest.json');
stage('vitest', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);
// Builds the browser demo and drives Debian's Chromium through playwright-core; prints SKIP and
// passes where /usr/bin/chromium is absent.
stage(
  'browser e2e',
  process.execPath,
  ['--import', 'tsx', join(root, 'examples', 'browser', 'test', 'e2e.ts')],
  {
    cwd: join(root, 'examples', 'browser'),
  },
);
if (!skipPackChecks) stage('package checks', process.execPath, [join(root, 'scripts', 'check-packages.mjs')]);

let counts = { passed: 0, failed: 0, skipped: 0 };
const failedTests = [];
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  counts = {
    passed: json.numPassedTests ?? 0,
    failed: json.numFailedTests ?? 0,
    skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
  };
  // CI logs are often read from their tail: name each failed test (and a file that failed to load)
  // with the first line of its error, so the summary alone says what to rerun.
  for (const file of json.testResults ?? []) {
    const where = file.name.replace(root, '');
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed)
      failedTests.push(`${where} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
    if (file.status === 'failed' && failed.length === 0)
      failedTests.push(`${where}: ${firstLine(file.message)}`);
  }
}
function firstLine(text) {
  return (
    String(text ?? '')
      .split('\n')
      .find((line) => line.trim() !== '') ?? '(no message)'
  );
}
const failedStages = results.filter((r) => !r.ok);
console.log('\n=== summary');
for (const line of failedTests) console.log(`failed test: ${line}`);
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)}s)`);
// Stages other than vitest count as one test each, so a lint or typecheck failure shows as failed.
const otherPassed = results.filter((r) => r.ok && r.name !== 'vitest').length;
const otherFailed = failedStages.filter((r) => r.name !== 'vitest').length;
console.log(
  `tests: ${counts.passed + otherPassed} passed, ${counts.failed + otherFailed} failed, ${counts.skipped} skipped`,
);
process.exit(failedStages.length > 0 ? 1 : 0);
