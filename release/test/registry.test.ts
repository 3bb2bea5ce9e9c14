import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValues, runPipeline, type PipelineOutcome } from './pipeline-check.js';
import { run, runOk } from './run.js';
import { ensureVerdaccio, startVerdaccio, upstreamReachable, type Registry } from './verdaccio.js';

// Every workspace package published to a real registry (Verdaccio on 127.0.0.1), then used from it as a user
// would, in empty folders outside the repo with their own HOME and npm cache.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pnpm = join(root, '.tools', 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
const RECEIVER = 'settle-receiver-acme-in';
const EXPORTER = 'settle-exporter-acme-out';
const coreVersion = (
  JSON.parse(readFileSync(join(root, 'packages', 'core', 'package.json'), 'utf8')) as { version: string }
).version;
const coreRange = `^${coreVersion.split('.').slice(0, 2).join('.')}.0`;

/** The environment without what npm/pnpm/vitest passed down (npm_config_*, npm_package_*, …). */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|pnpm_)/i.test(k)) env[k] = v;
  return env;
}

const upstream =
  (await run('npm', ['config', 'get', 'registry'], { cwd: root, env: baseEnv() })).stdout.trim() ||
  'https://registry.npmjs.org/';
const reachable = await upstreamReachable(upstream, baseEnv());
if (!reachable) {
  process.stderr.write(`\n!!! release/test/registry.test.ts SKIPPED: npm cannot reach ${upstream} !!!\n\n`);
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const stripAnsi = (text: string): string => text.replace(ANSI, '');

const timings: [string, number][] = [];
async function timed<T>(stage: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings.push([stage, (performance.now() - start) / 1000]);
  }
}

describe.skipIf(!reachable)('published to a real registry, used as a user would', () => {
  let tmp: string;
  let registry: Registry;
  let env: NodeJS.ProcessEnv;
  let prefix: string;
  let globalSettle: string;
  let installedGlobally: Promise<unknown>;
  let authored: Promise<Record<string, string>>;

  /** Creates, installs, builds and tests the three kinds; publishes the exporter and the receiver. */
  async function authorPlugins(): Promise<Record<string, string>> {
    const authors = mkdtempSync(join(tmp, 'authors-'));
    const plugins = [
      ['exporter', 'acme_out', EXPORTER],
      ['receiver', 'acme_in', RECEIVER],
      ['processor', 'acme_scale', 'settle-processor-acme-scale'],
    ] as const;
    for (const [kind, name, pkg] of plugins) {
      await runOk('npm', ['create', 'settle-plugin', '--', '--kind', kind, '--name', name, '--package', pkg], {
        cwd: authors,
        env,
      });
    }
    // The first install fetches the toolchain through the registry; the others then find it there.
    await timed('plugins: npm install (first, exporter)', () =>
      runOk('npm', ['install'], { cwd: join(authors, EXPORTER), env }),
    );
    await timed('plugins: npm install (receiver, processor)', () =>
      Promise.all(
        plugins
          .slice(1)
          .map(([, , pkg]) => runOk('npm', ['install', '--prefer-offline'], { cwd: join(authors, pkg), env })),
      ),
    );
    // The processor is built and tested; the exporter and receiver are published, which builds and tests them
    // first (prepublishOnly), as it will for their authors.
    const outputs: Record<string, string> = {};
    for (const [kind, , pkg] of plugins) {
      const dir = join(authors, pkg);
      const command = kind === 'processor' ? ['test'] : ['publish'];
      if (kind === 'processor') await runOk('npm', ['run', 'build'], { cwd: dir, env });
      outputs[kind] = await timed(
        `plugins: ${kind}: ${kind === 'processor' ? 'build, test' : 'publish (build, test)'}`,
        async () => stripAnsi((await runOk('npm', command, { cwd: dir, env })).stdout),
      );
      if (kind !== 'processor') expect(existsSync(join(dir, 'dist', 'index.js'))).toBe(true);
    }
    return outputs;
  }

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'settle-registry-'));
    const verdaccio = await timed('install verdaccio (cached)', () =>
      ensureVerdaccio(join(root, '.cache', 'verdaccio'), baseEnv()),
    );
    mkdirSync(join(tmp, 'verdaccio'));
    registry = await timed('start verdaccio', () =>
      startVerdaccio(verdaccio, join(tmp, 'verdaccio'), upstream, baseEnv()),
    );
    const home = join(tmp, 'home');
    mkdirSync(home);
    const npmrc = join(home, '.npmrc');
    writeFileSync(
      npmrc,
      `registry=${registry.url}\n${registry.url.replace(/^http:/, '')}:_authToken=${registry.token}\nfund=false\naudit=false\nupdate-notifier=false\n`,
    );
    env = {
      ...baseEnv(),
      HOME: home,
      npm_config_userconfig: npmrc,
      npm_config_registry: registry.url,
      npm_config_cache: join(tmp, 'npm-cache'),
      npm_config_yes: 'true',
    };
    prefix = join(tmp, 'global');
    globalSettle = join(prefix, 'bin', 'settle');
    // pnpm packs each package (its publishConfig, workspace:* made real versions) and publishes in dependency order.
    await timed('publish the workspace', () =>
      runOk(process.execPath, [pnpm, '-r', 'publish', '--no-git-checks', '--registry', registry.url], {
        cwd: root,
        env,
      }),
    );
    // Both are network-bound on different dependency sets: run them side by side; the tests await them.
    installedGlobally = timed('npm i -g @settle/cli', () =>
      runOk('npm', ['install', '--global', '--prefix', prefix, '@settle/cli'], { cwd: tmp, env }),
    );
    authored = authorPlugins();
    installedGlobally.catch(() => undefined);
    authored.catch(() => undefined);
  });

  afterAll(() => {
    registry?.child.kill('SIGTERM');
    const total = timings.reduce((sum, [, s]) => sum + s, 0);
    process.stdout.write(
      `\nregistry test timings:\n${timings.map(([stage, s]) => `  ${stage.padEnd(48)} ${s.toFixed(1)} s`).join('\n')}\n  ${'total'.padEnd(48)} ${total.toFixed(1)} s\n`,
    );
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  });

  it('npm i -g @settle/cli gives a working settle; settle demo runs from there', async () => {
    await installedGlobally;
    const version = await runOk(globalSettle, ['--version'], { cwd: tmp, env });
    expect(version.stdout).toMatch(/^settle \d+\.\d+\.\d+ \(@settle\/core \d+\.\d+\.\d+/);
    const components = await runOk(globalSettle, ['components'], { cwd: tmp, env });
    for (const type of ['cloudflare', 'converge', 'victoriametrics', 'otlp']) expect(components.stdout).toContain(type);
    const demoDir = mkdtempSync(join(tmp, 'demo-'));
    const demo = await timed('settle demo --duration 2m', () =>
      run(globalSettle, ['demo', '--duration', '2m', '--no-vm', '--out', join(demoDir, 'out')], { cwd: demoDir, env }),
    );
    process.stdout.write(`\nsettle demo --duration 2m exited ${demo.code}; its report:\n${demo.stdout.slice(-1500)}\n`);
    expect(demo.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(demo.code).toBe(0);
    expect(existsSync(join(demoDir, 'out', 'points.jsonl'))).toBe(true);
  });

  it('npm create settle-plugin: an exporter and a receiver build, pass their tests and publish; a processor tests', async () => {
    const outputs = await authored;
    expect(Object.keys(outputs)).toEqual(['exporter', 'receiver', 'processor']);
    for (const output of Object.values(outputs)) expect(output).toMatch(/Tests\s+\d+ passed \(\d+\)/);
  });

  /** Retryable (503) retried with the same batch; permanent (400) dropped, never sent again. */
  function expectDeliverySemantics(outcome: PipelineOutcome): void {
    expect(outcome.validate).toMatch(/^OK: .*settle\.yaml \(1 pipeline, 2 components\)/);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.statuses.slice(0, 3)).toEqual([503, 400, 200]);
    expect(outcome.bodies[1]).toBe(outcome.bodies[0]);
    const values = firstValues(outcome.bodies);
    expect(values[2]).toBeGreaterThan(values[1] ?? Infinity);
    expect(outcome.stderr).not.toMatch(/internal error|\n\s+at /);
  }

  it('a user project with @settle/cli and both plugins validates and runs a config naming them', async () => {
    await authored;
    const project = mkdtempSync(join(tmp, 'project-'));
    await runOk('npm', ['init', '-y'], { cwd: project, env });
    await timed('user project: npm i @settle/cli + plugins', () =>
      runOk('npm', ['install', '--prefer-offline', '@settle/cli', RECEIVER, EXPORTER], { cwd: project, env }),
    );
    const outcome = await timed('user project: validate + run', () =>
      runPipeline(join(project, 'node_modules', '.bin', 'settle'), project, env, RECEIVER, EXPORTER),
    );
    expectDeliverySemantics(outcome);
    const components = await runOk(join(project, 'node_modules', '.bin', 'settle'), ['components'], {
      cwd: project,
      env,
    });
    expect(components.stdout).toMatch(/receiver +acme_in +development +settle-receiver-acme-in +0\.1\.0/);
    expect(components.stdout).toMatch(/exporter +acme_out +development +settle-exporter-acme-out/);
  });

  it('the global settle runs plugins installed next to the config, with a core copy that is not its own', async () => {
    await Promise.all([authored, installedGlobally]);
    const project = mkdtempSync(join(tmp, 'beside-'));
    await runOk('npm', ['init', '-y'], { cwd: project, env });
    await timed('beside the config: npm i plugins', () =>
      runOk('npm', ['install', '--prefer-offline', RECEIVER, EXPORTER], { cwd: project, env }),
    );
    const pluginsCore = realpathSync(join(project, 'node_modules', '@settle', 'core'));
    const cliCore = realpathSync(
      join(prefix, 'lib', 'node_modules', '@settle', 'cli', 'node_modules', '@settle', 'core'),
    );
    expect(pluginsCore).not.toBe(cliCore);
    const outcome = await timed('beside the config: validate + run', () =>
      runPipeline(globalSettle, project, env, RECEIVER, EXPORTER),
    );
    expectDeliverySemantics(outcome);
  });

  it('every other arrangement is one line per plugin saying what to run', async () => {
    await Promise.all([authored, installedGlobally]);
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const file = join(empty, 'settle.yaml');
    writeFileSync(
      file,
      `plugins: ['${RECEIVER}']\nreceivers: { acme_in: { url: http://127.0.0.1:1/ } }\nexporters: { debug: }\nservice: { pipelines: { metrics: { receivers: [acme_in], exporters: [debug] } } }\n`,
    );
    const missing = await run(globalSettle, ['validate', '-c', file], { cwd: empty, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `plugin "${RECEIVER}" not found: run "npm install ${RECEIVER}" in ${empty} (the config's folder)`,
    );

    const noPeer = mkdtempSync(join(tmp, 'legacy-peer-deps-'));
    await runOk('npm', ['init', '-y'], { cwd: noPeer, env });
    await runOk('npm', ['install', '--prefer-offline', '--legacy-peer-deps', RECEIVER], { cwd: noPeer, env });
    writeFileSync(join(noPeer, 'settle.yaml'), `plugins: ['${RECEIVER}']\n`);
    const peer = await run(globalSettle, ['validate', '-c', join(noPeer, 'settle.yaml')], { cwd: noPeer, env });
    expect(peer.code).toBe(1);
    expect(peer.stderr).toContain(
      `plugin "${RECEIVER}" cannot load its dependency @settle/core, which is not installed: run "npm install @settle/core@"${coreRange}"" in ${noPeer}`,
    );
    for (const out of [missing.stderr, peer.stderr]) {
      expect(out).not.toMatch(/Did you mean|\n\s+at |internal error/);
    }
  });
});
