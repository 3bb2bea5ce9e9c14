import { defineProject } from 'vitest/config';

const conditions = ['@settle/source', 'node', 'import', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  // Same budgets as the root config: integration tests start HTTP servers and poll through minutes of virtual time.
  test: {
    name: 'cloudflare-sim',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
