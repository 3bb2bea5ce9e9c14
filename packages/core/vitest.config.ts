import { defineProject } from 'vitest/config';

const conditions = ['@settle/source', 'node', 'import', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: { name: 'core', include: ['src/**/*.test.ts', 'testing/**/*.test.ts', 'test/**/*.test.ts'] },
});
