import { defineProject } from 'vitest/config';

const conditions = ['@settle/source', 'node', 'import', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: { name: 'dashboards', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
