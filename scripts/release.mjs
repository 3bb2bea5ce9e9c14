#!/usr/bin/env node
// `pnpm run release [-- pnpm publish options]`: a clean build of the whole workspace (tsc -b never deletes stale
// output, so every dist/ is removed first), then `pnpm -r publish`, which publishes the non-private packages
// in dependency order and replaces `workspace:*` with the real versions. Set the version first with
// `pnpm run version:set X.Y.Z`. Extra options go to pnpm publish (e.g. --dry-run, --registry URL, --tag next).
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './workspace-packages.mjs';

const pnpm = join(root, '.tools', 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
const run = (args) => execFileSync(process.execPath, [pnpm, ...args], { cwd: root, stdio: 'inherit' });

for (const group of ['packages', 'examples']) {
  for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
    if (entry.isDirectory()) rmSync(join(root, group, entry.name, 'dist'), { recursive: true, force: true });
  }
}
rmSync(join(root, 'bench', 'dist'), { recursive: true, force: true });
try {
  run(['run', '--silent', 'build']);
  run(['-r', 'publish', '--access', 'public', ...process.argv.slice(2)]);
} catch {
  console.error('release: stopped (the failing step printed why)');
  process.exit(1);
}
