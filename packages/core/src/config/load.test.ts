import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yaml } from '../../test/fixtures/config/check.js';
import { debug, gen, testRegistry } from '../../test/fixtures/config/registry.js';
import { ComponentRegistry } from '../component/registry.js';
import { loadConfigFile } from './load.js';
import type { PluginReference } from './parse.js';
import { ConfigError } from './problems.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settle-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

const pipeline = ['service:', '  pipelines:', '    metrics: { receivers: [gen], exporters: [debug] }'];

describe('loadConfigFile', () => {
  it('resolves a valid file, taking ${env:...} from the given env', async () => {
    const file = await write(
      'ok.yaml',
      yaml('receivers:', '  gen: { series: "${env:N}" }', 'exporters: { debug: }', ...pipeline),
    );
    const config = await loadConfigFile(file, { registry: testRegistry(), env: { N: '4' } });
    expect(config.file).toBe(file);
    expect(config.receivers.get('gen')?.config).toEqual({ interval: 10_000, series: 4, labels: {} });
    expect(config.service).toEqual({
      telemetry: { metrics: { enabled: true, address: '127.0.0.1:8888' }, logs: { level: 'info' } },
      dataDir: undefined,
    });
  });

  it('reads the service settings', async () => {
    const file = await write(
      'service.yaml',
      yaml(
        'receivers: { gen: }',
        'exporters: { debug: }',
        'service:',
        '  data_dir: ./data',
        '  telemetry:',
        '    metrics: { enabled: "false", address: "[::1]:9999" }',
        '    logs: { level: debug }',
        '  pipelines:',
        '    metrics: { receivers: [gen], exporters: [debug] }',
      ),
    );
    const config = await loadConfigFile(file, { registry: testRegistry(), env: {} });
    expect(config.service).toEqual({
      telemetry: { metrics: { enabled: false, address: '[::1]:9999' }, logs: { level: 'debug' } },
      dataDir: './data',
    });
  });

  it('throws a ConfigError at line 0 for a missing file', async () => {
    const file = join(dir, 'absent.yaml');
    const err = await rejection(loadConfigFile(file, { registry: testRegistry(), env: {} }));
    expect(err.problems).toEqual([
      { file, line: 0, column: 0, path: '', message: 'cannot read the config file: no such file' },
    ]);
  });

  it('throws every problem of the file at once', async () => {
    const file = await write(
      'bad.yaml',
      yaml(
        'receivers: { gen: { series: 0 } }',
        'exporters: { debug: }',
        'service:',
        '  pipelines:',
        '    metrics: { receivers: [gen], exporters: [vm] }',
      ),
    );
    const err = await rejection(loadConfigFile(file, { registry: testRegistry(), env: {} }));
    expect(err.problems.map((p) => [p.line, p.path])).toEqual([
      [1, 'receivers.gen.series'],
      [5, 'service.pipelines.metrics.exporters[0]'],
    ]);
  });

  it('loads plugins before validation, relative to the config file', async () => {
    const file = await write(
      'plugins.yaml',
      yaml('plugins: [./my-plugin]', 'receivers: { gen: }', 'exporters: { debug: }', ...pipeline),
    );
    const onlyExporters = new ComponentRegistry();
    onlyExporters.register(debug, { packageName: 'test', packageVersion: '0.0.0' });
    const calls: [readonly PluginReference[], string][] = [];
    const config = await loadConfigFile(file, {
      registry: onlyExporters,
      env: {},
      loadPlugins: (plugins, baseDir) => {
        calls.push([plugins, baseDir]);
        onlyExporters.register(gen, { packageName: './my-plugin', packageVersion: '1.0.0' });
        return Promise.resolve([]);
      },
    });
    expect(calls).toEqual([[[{ spec: './my-plugin', line: 1, column: 11, path: 'plugins[0]' }], dir]]);
    expect(config.receivers.get('gen')?.definition).toBe(gen);
  });

  it('adds the plugin loader problems to the rest', async () => {
    const file = await write(
      'plugin-bad.yaml',
      yaml('plugins: [missing-plugin]', 'receivers: { gen: }', 'exporters: { debug: }', ...pipeline),
    );
    const err = await rejection(
      loadConfigFile(file, {
        registry: testRegistry(),
        env: {},
        loadPlugins: (plugins) =>
          Promise.resolve(
            plugins.map((p) => ({
              file,
              line: p.line,
              column: p.column,
              path: p.path,
              message: `cannot load plugin "${p.spec}"`,
            })),
          ),
      }),
    );
    expect(err.message).toBe(
      `invalid config (1 problem):\n${file}:1:11  plugins[0]  cannot load plugin "missing-plugin"`,
    );
  });
});
