import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { run, runOk } from './run.js';

export interface Registry {
  readonly url: string;
  /** A token of a user created on it, for publishing. */
  readonly token: string;
  readonly child: ChildProcess;
}

/** Installs Verdaccio 6.8 (6.10 needs Node 22) into `cacheDir` unless it is there; returns its launcher. */
export async function ensureVerdaccio(cacheDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const bin = join(cacheDir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  if (existsSync(bin)) return bin;
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'package.json'), '{ "private": true }\n');
  await runOk('npm', ['install', '--no-audit', '--no-fund', 'verdaccio@~6.8.0'], { cwd: cacheDir, env });
  return bin;
}

/** Whether npm can reach its registry at all (else the test is skipped, loudly). */
export async function upstreamReachable(upstream: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const result = await run('npm', ['view', 'zod@4', 'version', '--registry', upstream], {
    cwd: env['HOME'] ?? '/',
    env,
    timeoutMs: 60_000,
  });
  return result.code === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * Starts Verdaccio on 127.0.0.1 with its storage under `dir`. Our packages and the generated plugins are never
 * proxied (only what this run published exists); everything else comes from `upstream`, through it.
 */
export async function startVerdaccio(
  bin: string,
  dir: string,
  upstream: string,
  env: NodeJS.ProcessEnv,
): Promise<Registry> {
  const port = await freePort();
  const config = join(dir, 'config.yaml');
  const local = (pattern: string) => `  '${pattern}':\n    access: $all\n    publish: $authenticated\n`;
  writeFileSync(
    config,
    `storage: ${join(dir, 'storage')}
auth:
  htpasswd:
    file: ${join(dir, 'htpasswd')}
uplinks:
  upstream:
    url: ${upstream}
    timeout: 120s
    max_fails: 20
    # One run never needs fresher metadata than its start: no re-fetch of every packument every 2 minutes.
    maxage: 60m
packages:
${local('@settle/*')}${local('create-settle-plugin')}${local('settle-*')}  '**':
    access: $all
    publish: $authenticated
    proxy: upstream
max_body_size: 200mb
log: { type: stdout, format: pretty, level: error }
`,
  );
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (i > 300) throw new Error(`verdaccio did not answer on ${url}: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // A user for publishing (htpasswd registration, as `npm adduser` does).
  const res = await fetch(`${url}-/user/org.couchdb.user:settle`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'settle', password: 'settle-test-password', type: 'user', roles: [] }),
  });
  const { token } = (await res.json()) as { token?: string };
  if (!res.ok || token === undefined) throw new Error(`verdaccio refused the test user: HTTP ${res.status}`);
  return { url, token, child };
}
