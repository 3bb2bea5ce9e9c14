import { defineConfig } from 'vitest/config';

// Tests import workspace packages through the "@settle/source" export condition, i.e. straight from
// TypeScript sources, so `vitest run` needs no prior build.
const conditions = ['@settle/source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    projects: ['packages/*', 'examples/plugin-*', 'bench', 'dashboards'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
