import { defineProject } from 'vitest/config';

const conditions = ['@settle/source', 'node', 'import', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'receiver-cloudflare',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests drive simulated hours against a real HTTP simulator.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
