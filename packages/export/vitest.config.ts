import { defineProject } from 'vitest/config';
import { weftProject } from '../../vitest.shared.js';

const base = weftProject('export');

export default defineProject({
  ...base,
  test: { ...base.test, setupFiles: ['test/setup.ts'] },
});
