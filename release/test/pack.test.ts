import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOk } from './run.js';

// What `pnpm pack` (the packer `pnpm publish` uses) puts in each package's tarball, checked file by file.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pnpm = join(root, '.tools', 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
const packages = readdirSync(join(root, 'packages')).filter(
  (name) =>
    (JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as { private?: boolean })
      .private !== true,
);

interface Manifest {
  name: string;
  version: string;
  license?: string;
  types?: string;
  engines?: { node?: string };
  repository?: { url?: string; directory?: string };
  keywords?: string[];
  exports: Record<string, Record<string, string>>;
  bin?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}

describe.each(packages)('the tarball of packages/%s', (name) => {
  it('holds the build, its sources, README and LICENSE, and a manifest a consumer can use', async () => {
    const out = mkdtempSync(join(tmpdir(), 'settle-pack-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_)/i.test(k)));
    await runOk(process.execPath, [pnpm, 'pack', '--pack-destination', out], {
      cwd: join(root, 'packages', name),
      env,
    });
    const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const path = join(out, tarball ?? '');
    const files = (await runOk('tar', ['-tzf', path], { cwd: out, env })).stdout.trim().split('\n');
    await runOk('tar', ['-xzf', path], { cwd: out, env });
    const manifest = JSON.parse(readFileSync(join(out, 'package', 'package.json'), 'utf8')) as Manifest;
    process.stdout.write(
      `${manifest.name}: ${files.length} files, ${(statSync(path).size / 1024).toFixed(0)} KiB packed\n`,
    );

    expect(files).toEqual(expect.arrayContaining(['package/package.json', 'package/README.md', 'package/LICENSE']));
    expect(files.filter((f) => /\.test\.|\/test\/|\/bench\/|tsbuildinfo/.test(f))).toEqual([]);
    expect(files.some((f) => f.endsWith('.d.ts'))).toBe(true);
    expect(files.some((f) => f.endsWith('.js.map'))).toBe(true);
    // Every export, type entry and bin points at a file in the tarball; no workspace-only condition is left.
    const targets = [
      ...Object.values(manifest.exports).flatMap((conditions) => Object.values(conditions)),
      ...Object.values(manifest.bin ?? {}),
      manifest.types ?? '',
    ];
    for (const target of targets) expect(files).toContain(`package/${target.replace(/^\.\//, '')}`);
    expect(JSON.stringify(manifest.exports)).not.toContain('@settle/source');
    expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain('workspace:');
    expect(Object.values(manifest.scripts ?? {}).filter((s) => s.includes('..'))).toEqual([]);
    expect(manifest).toMatchObject({ license: 'Apache-2.0', engines: { node: '>=20.19' } });
    expect(manifest.repository?.directory).toBe(`packages/${name}`);
    expect(manifest.keywords?.length).toBeGreaterThan(0);
  });
});
