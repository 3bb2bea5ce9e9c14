import { defineProject } from 'vitest/config';

// npm installs against a real registry take minutes, not seconds.
export default defineProject({
  test: { name: 'release', include: ['test/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
});
