import { defineConfig } from 'vitest/config';

// One run over every workspace project; each project has its own `defineProject` config.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*'],
  },
});
