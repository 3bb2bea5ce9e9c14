#!/usr/bin/env node
// Prepares a fresh clone with nothing but Node and npm: fetches the pinned pnpm through npm (no global
// install, no corepack), installs the workspace from the lockfile and builds it. Fast when already done.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '');
const toolsDir = join(root, '.tools');
const pnpmBin = join(toolsDir, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');

function run(cmd, args) {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  } catch {
    // The command already printed its own error; a Node stack trace here would only bury it.
    console.error(`setup: \`${[cmd === process.execPath ? 'node' : cmd, ...args].join(' ')}\` failed`);
    process.exit(1);
  }
}

function installedPnpmVersion() {
  try {
    return JSON.parse(readFileSync(join(toolsDir, 'node_modules', 'pnpm', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

if (installedPnpmVersion() !== pnpmVersion) {
  console.error(`setup: installing pnpm ${pnpmVersion} into .tools/ with npm`);
  run('npm', ['install', '--prefix', toolsDir, '--no-save', '--no-audit', '--no-fund', `pnpm@${pnpmVersion}`]);
}

// Install when node_modules is missing or older than the lockfile.
const lock = join(root, 'pnpm-lock.yaml');
const marker = join(root, 'node_modules', '.modules.yaml');
if (!existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs)) {
  run(process.execPath, [pnpmBin, 'install', ...(existsSync(lock) ? ['--frozen-lockfile'] : [])]);
}

run(process.execPath, [pnpmBin, 'run', '--silent', 'build']);
