import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { captureIo } from './capture-io.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const STACK_LINE = /^\s+at /m;
// zod's ESM entry, found through core (the CLI has no zod of its own) for plugins written into temp folders.
const zodUrl = pathToFileURL(
  join(dirname(createRequire(join(root, 'packages', 'core', 'package.json')).resolve('zod/package.json')), 'index.js'),
).href;

function tempConfig(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'settle-cli-')), 'settle.yaml');
  writeFileSync(file, yaml);
  return file;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('settle (in-process)', () => {
  it('prints its version and help', async () => {
    const io = captureIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out()).toMatch(/^settle \d+\.\d+\.\d+ \(@settle\/core \d+\.\d+\.\d+, node v\d+/);
    const help = captureIo();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out()).toContain('settle run -c FILE');
    expect(await main([], captureIo())).toBe(2);
  });

  it('rejects bad usage with exit 2 and a hint', async () => {
    for (const argv of [
      ['frobnicate'],
      ['run'],
      ['validate', '-c'],
      ['run', '-c', 'x.yaml', '--log-level', 'loud'],
      ['--nope'],
    ]) {
      const io = captureIo();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.err()).toContain('Run "settle --help" for usage.');
    }
  });

  it.each([
    ['examples/generator-debug.yaml', '(1 pipeline, 2 components)'],
    ['examples/generator-file.yaml', '(2 pipelines, 3 components)'],
  ])('validates %s', async (file, counts) => {
    const io = captureIo();
    expect(await main(['validate', '-c', join(root, file)], io)).toBe(0);
    expect(io.out()).toBe(`OK: ${join(root, file)} ${counts}\n`);
  });

  it('lists every problem of an invalid config as file:line:col  path  message, exit 1, no stack', async () => {
    const file = tempConfig(
      [
        'receivers:',
        '  generator:',
        '    seriez: 3',
        'exporters:',
        '  file: {}',
        'service:',
        '  pipelines:',
        '    metrics: { receivers: [generator], exporters: [debug] }',
        '',
      ].join('\n'),
    );
    const io = captureIo();
    expect(await main(['validate', '-c', file], io)).toBe(1);
    const lines = io.err().trim().split('\n');
    expect(lines[0]).toMatch(/^invalid config \(\d+ problems\):$/);
    expect(io.err()).toMatch(new RegExp(`^${file}:3:5  receivers\\.generator\\.seriez  .+`, 'm'));
    expect(io.err()).toMatch(new RegExp(`^${file}:5:\\d+  exporters\\.file(\\.path)?  .*path`, 'm'));
    expect(io.err()).toMatch(
      new RegExp(`^${file}:8:\\d+  service\\.pipelines\\.metrics\\.exporters\\[0\\]  .*debug`, 'm'),
    );
    expect(io.err()).not.toMatch(STACK_LINE);
    expect(io.out()).toBe('');
  });

  it('says when the file is missing', async () => {
    const io = captureIo();
    expect(await main(['validate', '-c', '/nonexistent/settle.yaml'], io)).toBe(1);
    expect(io.err()).toContain('/nonexistent/settle.yaml:0:0  cannot read the config file: no such file');
    expect(io.err()).not.toMatch(STACK_LINE);
  });

  it('lists components as a table including the built-ins and the forward connector', async () => {
    const io = captureIo();
    expect(await main(['components'], io)).toBe(0);
    const rows = io
      .out()
      .trim()
      .split('\n')
      .map((l) => l.split(/\s{2,}/));
    expect(rows[0]).toEqual(['KIND', 'TYPE', 'STABILITY', 'PACKAGE', 'VERSION']);
    expect(rows).toContainEqual(['receiver', 'generator', 'alpha', '@settle/core', '0.1.0']);
    expect(rows).toContainEqual(['exporter', 'debug', 'beta', '@settle/core', '0.1.0']);
    expect(rows).toContainEqual(['exporter', 'file', 'alpha', '@settle/core', '0.1.0']);
    expect(rows.at(-1)).toEqual(['connector', 'forward', 'stable', '@settle/core', '0.1.0']);
  });

  it('keeps config.schema.json at the repo root in sync with `settle schema`', async () => {
    const io = captureIo();
    expect(await main(['schema'], io)).toBe(0);
    const schema = JSON.parse(io.out()) as { $schema: string };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const path = join(root, 'config.schema.json');
    if (process.env['SETTLE_UPDATE_SCHEMA'] === '1') writeFileSync(path, io.out());
    const committed = readFileSync(path, 'utf8');
    expect(
      committed === io.out(),
      'config.schema.json is stale: regenerate it with `SETTLE_UPDATE_SCHEMA=1 vitest run --project cli` ' +
        '(or `node packages/cli/bin/settle.js schema > config.schema.json` after a build)',
    ).toBe(true);
  });

  it('routes `demo` to the demo, which explains its own options', async () => {
    const io = captureIo();
    expect(await main(['demo', '--help'], io)).toBe(0);
    expect(io.out()).toContain('--duration D');
    const bad = captureIo();
    expect(await main(['demo', '--zones'], bad)).toBe(2);
    expect(bad.err()).toContain('--zones needs a value');
  });

  it('runs generator → file until SIGTERM, drains and returns 0; a second signal forces exit 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-run-'));
    const out = join(dir, 'out', 'points.jsonl');
    const file = tempConfig(`
receivers:
  generator: { interval: 20ms, series: 3 }
exporters:
  file: { path: ${out} }
service:
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    metrics: { receivers: [generator], exporters: [file] }
`);
    const io = captureIo();
    const exit = main(['run', '-c', file, '--log-level', 'debug'], io);
    const lineCount = (): number => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').length - 1 : 0);
    await until(() => io.err().includes('settle is running') && lineCount() >= 6, 'points to reach the file');
    io.emitter.emit('SIGTERM', 'SIGTERM');
    io.emitter.emit('SIGINT', 'SIGINT');
    expect(await exit).toBe(0);
    expect(io.exits).toEqual([130]);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length % 3).toBe(0);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ name: 'settle_generated', attributes: { series: '0' } });
    expect(io.err()).toContain('"msg":"stopped"');
  }, 30_000);

  it('exits 1 with the reason when the service cannot start', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const file = tempConfig(`
receivers: { generator: }
exporters: { debug: }
service:
  telemetry: { metrics: { address: "127.0.0.1:${port}" } }
  pipelines: { metrics: { receivers: [generator], exporters: [debug] } }
`);
      const io = captureIo();
      expect(await main(['run', '-c', file], io)).toBe(1);
      expect(io.err()).toContain(`settle: cannot serve self-telemetry on 127.0.0.1:${port} (EADDRINUSE)`);
      expect(io.err()).not.toMatch(STACK_LINE);
    } finally {
      blocker.close();
    }
  });

  it('exits 1 with the message when a component reports a fatal error', async () => {
    // A real plugin package on disk whose receiver gives up right after starting.
    const dir = mkdtempSync(join(tmpdir(), 'settle-fatal-'));
    const pkg = join(dir, 'doomed-plugin');
    mkdirSync(pkg);
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({
        name: 'doomed-plugin',
        version: '1.0.0',
        type: 'module',
        keywords: ['settle-plugin'],
        settle: { components: ['doomed'], core: '>=0.1.0' },
      }),
    );
    writeFileSync(
      join(pkg, 'index.js'),
      `import { z } from '${zodUrl}';
export default { kind: 'receiver', type: 'doomed', stability: 'development', config: z.object({}),
  create: () => ({
    start: async (host) => { setTimeout(() => host.reportStatus({ status: 'fatal_error', message: 'credentials refused' }), 10); },
    shutdown: async () => {},
  }) };
`,
    );
    const file = join(dir, 'settle.yaml');
    writeFileSync(
      file,
      `plugins: [./doomed-plugin]
receivers: { doomed: }
exporters: { debug: }
service:
  telemetry: { metrics: { enabled: false } }
  pipelines: { metrics: { receivers: [doomed], exporters: [debug] } }
`,
    );
    const io = captureIo();
    expect(await main(['run', '-c', file], io)).toBe(1);
    expect(io.err()).toContain('settle: receiver "doomed": credentials refused\n');
    expect(io.err()).not.toMatch(STACK_LINE);
  });
});
