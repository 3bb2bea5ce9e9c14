import { readFileSync } from 'node:fs';

/** The CLI package's version: package.json is one level above src/ but two above dist/src/. */
function readVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === '@settle/cli' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Try the next level up.
    }
  }
  return '0.0.0';
}

export const CLI_VERSION = readVersion();
