import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'create-settle-plugin', include: ['src/**/*.test.ts'] },
});
