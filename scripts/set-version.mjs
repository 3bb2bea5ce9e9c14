#!/usr/bin/env node
// `pnpm run version:set 0.2.0`: gives every publishable package the same version, and points every plugin's
// `settle.core` range at it, so a release is one aligned set. Workspace dependencies stay `workspace:*`
// (pnpm writes the real version into the published package.json).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishablePackages } from './workspace-packages.mjs';

const version = process.argv[2];
if (version === undefined || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error('usage: pnpm run version:set X.Y.Z   (a semver version, e.g. 0.2.0 or 1.0.0-rc.1)');
  process.exit(2);
}
const [major, minor] = version.split('.');
// Plugins accept every patch of this core (and, from 1.0, every minor): npm's caret.
const coreRange = `^${major}.${minor}.0`;
for (const { dir, manifest } of publishablePackages()) {
  manifest.version = version;
  if (manifest.settle !== undefined) manifest.settle.core = coreRange;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`${manifest.name} ${version}`);
}
