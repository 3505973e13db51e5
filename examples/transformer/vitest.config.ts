import { defineProject } from 'vitest/config';
import { weftProject } from '../../vitest.shared.js';

export default defineProject(weftProject('example-transformer'));
