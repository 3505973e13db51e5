import { defineProject } from 'vitest/config';
import { weftProject } from '../../vitest.shared.js';

// Unit tests only (src/**/*.test.ts): the browser end-to-end test is `pnpm test:e2e`, not part of vitest.
export default defineProject(weftProject('example-browser'));
