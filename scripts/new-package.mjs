#!/usr/bin/env node
// Creates a new workspace package with the layout every @weft package shares:
//   node scripts/new-package.mjs <name> "<description>" [--deps core,data] [--peers tfjs,arquero]
// Writes package.json, tsconfig.json (typecheck, sources of siblings), tsconfig.build.json (emit),
// vitest.config.ts, README.md and src/index.ts. Existing files are never overwritten.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, description = '', ...rest] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error(
    'usage: node scripts/new-package.mjs <name> "<description>" [--deps a,b] [--peers tfjs,arquero]',
  );
  process.exit(2);
}
const option = (flag) => {
  const i = rest.indexOf(flag);
  return i >= 0 && rest[i + 1] ? rest[i + 1].split(',').filter(Boolean) : [];
};
const deps = option('--deps');
const peers = option('--peers');
const PEER_RANGES = { tfjs: ['@tensorflow/tfjs-core', '^4.22.0'], arquero: ['arquero', '^8.0.3'] };

const dir = join('packages', name);
const write = (file, text) => {
  const path = join(dir, file);
  if (existsSync(path)) return;
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};

const pkg = {
  name: `@weft/${name}`,
  version: '0.0.0',
  description,
  license: 'Apache-2.0',
  type: 'module',
  sideEffects: false,
  exports: {
    // `source` (sources, for the workspace's tests and typecheck) must precede `types`: TypeScript
    // takes the first matching condition, and would otherwise read a stale dist/ build.
    '.': { source: './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist', 'src', '!src/**/*.test.ts', '!src/**/__fixtures__'],
  scripts: {
    build: 'tsc -p tsconfig.build.json',
    typecheck: 'tsc -p tsconfig.json --noEmit',
    test: 'vitest run',
  },
  repository: { type: 'git', url: 'git+https://github.com/weft-ml/weft.git', directory: dir },
  engines: { node: '>=20.11' },
  publishConfig: { access: 'public' },
  dependencies: Object.fromEntries(deps.map((d) => [`@weft/${d}`, 'workspace:^'])),
  peerDependencies: Object.fromEntries(peers.map((p) => PEER_RANGES[p])),
  devDependencies: Object.fromEntries(
    peers.map((p) => [PEER_RANGES[p][0], 'catalog:']).concat([['vitest', 'catalog:']]),
  ),
};
write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
write(
  'tsconfig.json',
  `${JSON.stringify(
    {
      extends: '../../tsconfig.base.json',
      compilerOptions: { noEmit: true, customConditions: ['source'] },
      include: ['src', 'test', '*.ts'],
    },
    null,
    2,
  )}\n`,
);
write(
  'tsconfig.build.json',
  `${JSON.stringify(
    {
      extends: '../../tsconfig.base.json',
      compilerOptions: { outDir: 'dist', rootDir: 'src' },
      include: ['src'],
      exclude: ['src/**/*.test.ts', 'src/**/__fixtures__'],
    },
    null,
    2,
  )}\n`,
);
write(
  'vitest.config.ts',
  `import { defineProject } from 'vitest/config';
import { weftProject } from '../../vitest.shared.js';

export default defineProject(weftProject('${name}'));
`,
);
write('README.md', `# @weft/${name}\n\n${description}\n`);
write('src/index.ts', `// Public API of @weft/${name}.\nexport {};\n`);
console.log(`created ${dir}`);
