import { readFileSync } from 'node:fs';

/**
 * Versions a generated plugin depends on. @settle/core is released with this scaffold at the same version
 * (`pnpm run version:set`), so the scaffold's own version is the core the plugin is written against. The tool
 * ranges are the settle workspace's own (a test keeps them equal to the root package.json).
 */
export const TOOL_VERSIONS = {
  '@types/node': '~20.19.43',
  typescript: '~6.0.3',
  vitest: '~4.1.12',
  zod: '~4.6.7',
} as const;

/** This package's version: package.json is one level above src/ but two above dist/src/. */
export function scaffoldVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'create-settle-plugin' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Try the next level up.
    }
  }
  throw new Error('create-settle-plugin: its own package.json is missing; reinstall it');
}

/** The @settle/core range a new plugin declares: the scaffold's minor line (npm's caret). */
export function coreRange(version = scaffoldVersion()): string {
  const [major, minor] = version.split('.');
  return `^${major}.${minor}.0`;
}
