import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The real `settle` binary, as users run it: compiled JavaScript under plain Node (built by `pnpm build`).
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const bin = join(root, 'packages', 'cli', 'bin', 'settle.js');
const built =
  existsSync(join(root, 'packages', 'cli', 'dist', 'src', 'main.js')) &&
  existsSync(join(root, 'examples', 'plugin-hello', 'dist', 'src', 'index.js'));
if (!built) console.warn('SKIPPING settle process tests: the workspace is not built (run `pnpm build` first)');
const itBuilt = built ? it : it.skip;

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
});

function settle(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
}

function lines(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Starts `settle run`, waits until `ready()` holds, sends SIGTERM and resolves with the exit code and stderr. */
async function runUntil(args: string[], env: Record<string, string>, ready: () => boolean) {
  const child = spawn(process.execPath, [bin, 'run', ...args], { cwd: root, env: { ...process.env, ...env } });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 1000 && !ready() && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 20));
  expect(child.exitCode, `settle exited early:\n${stderr}`).toBeNull();
  child.kill('SIGTERM');
  const code = await exited;
  children.delete(child);
  return { code, stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'settle-proc-'));
}

describe('settle binary', { timeout: 60_000 }, () => {
  itBuilt('validate: exit 0 with OK, exit 1 with positioned problems', () => {
    const ok = settle(['validate', '-c', 'examples/generator-file.yaml']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe('OK: examples/generator-file.yaml (2 pipelines, 3 components)\n');

    const bad = join(tempDir(), 'bad.yaml');
    writeFileSync(bad, 'receivers:\n  nope:\nservice:\n\tpipelines: {}\n');
    const res = settle(['validate', '-c', bad]);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(new RegExp(`^${bad}:4:1  .*tab`, 'im'));
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });

  itBuilt('run: generator → file stops cleanly on SIGTERM with exit 0, the file holding whole points', async () => {
    const dir = tempDir();
    const out = join(dir, 'points.jsonl');
    const config = join(dir, 'settle.yaml');
    writeFileSync(
      config,
      `receivers:\n  generator: { interval: 50ms, series: 4, metric: smoke }\nexporters:\n  file: { path: ${out} }\n` +
        `service:\n  telemetry: { metrics: { address: "127.0.0.1:0" } }\n` +
        `  pipelines:\n    metrics: { receivers: [generator], exporters: [file] }\n`,
    );
    const { code, stderr } = await runUntil(['-c', config], {}, () => lines(out).length >= 8);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('"msg":"stopped"');
    const points = lines(out);
    expect(points.length % 4).toBe(0);
    for (const p of points) {
      expect(Object.keys(p)).toEqual(['name', 'attributes', 'timeMs', 'value']);
      expect(p['name']).toBe('smoke');
    }
  });

  itBuilt('loads a plugin by npm name from the config and runs its components', async () => {
    const out = join(tempDir(), 'hello.jsonl');
    const { code, stderr } = await runUntil(
      ['-c', 'packages/cli/test/fixtures/hello-plugin.yaml'],
      { SETTLE_TEST_OUT: out },
      () => lines(out).length >= 4,
    );
    expect(code, stderr).toBe(0);
    const points = lines(out);
    // hello counts greetings (1, 2, ...) per name; scale multiplies by 10.
    expect(points.slice(0, 4).map((p) => [p['name'], (p['attributes'] as { name: string }).name, p['value']])).toEqual([
      ['hello_greetings', 'ada', 10],
      ['hello_greetings', 'bob', 10],
      ['hello_greetings', 'ada', 20],
      ['hello_greetings', 'bob', 20],
    ]);
  });

  itBuilt('components -c lists the plugin with its package and version', () => {
    const res = settle(['components', '-c', 'packages/cli/test/fixtures/hello-plugin.yaml'], {
      SETTLE_TEST_OUT: '/dev/null',
    });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^receiver +hello +development +@settle-examples\/plugin-hello +0\.1\.0$/m);
    expect(res.stdout).toMatch(/^processor +scale +development +@settle-examples\/plugin-hello +0\.1\.0$/m);
  });

  itBuilt('reports a missing plugin at its line in the config', () => {
    const res = settle(['validate', '-c', 'packages/cli/test/fixtures/plugin-missing.yaml']);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(
      'packages/cli/test/fixtures/plugin-missing.yaml:3:5  plugins[1]  plugin "@settle-examples/plugin-that-does-not-exist" not found',
    );
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });
});
