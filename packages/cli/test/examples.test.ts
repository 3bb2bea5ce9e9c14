import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfigFile, pluginLoader } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { loadDemoConfig } from '../src/demo/demo-config.js';
import { createBuiltinRegistry } from '../src/registry.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');
const files = readdirSync(examples)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** What a user would have set; values are well-formed so only the files themselves are under test. */
const ENV = {
  CLOUDFLARE_API_TOKEN: 'test-token',
  CLOUDFLARE_ACCOUNT_ID: '0123456789abcdef0123456789abcdef',
  SETTLE_DEMO_ENDPOINT: 'http://127.0.0.1:1/client/v4/graphql',
  SETTLE_DEMO_TOKEN: 'demo-token',
  SETTLE_DEMO_ACCOUNT: 'fedcba9876543210fedcba9876543210',
  SETTLE_DEMO_OUT: '/tmp/settle-examples-test/points.jsonl',
  SETTLE_DEMO_TELEMETRY: '127.0.0.1:0',
  SETTLE_OUT: '/tmp/settle-examples-test/out.jsonl',
};

async function load(file: string, env: Record<string, string | undefined> = ENV) {
  const registry = await createBuiltinRegistry((m) => {
    throw new Error(m);
  });
  return loadConfigFile(file, { registry, env, loadPlugins: pluginLoader(registry, { file }) });
}

describe('examples/*.yaml', () => {
  it('has the expected set of examples', () => {
    for (const name of [
      'demo.yaml',
      'cloudflare-vm.yaml',
      'cloudflare-otlp.yaml',
      'cloudflare-fanout.yaml',
      'cloudflare-backfill.yaml',
      'plugin.yaml',
    ]) {
      expect(files).toContain(name);
    }
  });

  it.each(files)('%s validates with the real registry', async (name) => {
    const config = await load(join(examples, name));
    expect(config.pipelines.length).toBeGreaterThan(0);
    for (const p of config.pipelines) expect(p.exporters.length).toBeGreaterThan(0);
  });

  it.each(files)('%s points editors at the schema and explains itself', (name) => {
    const text = readFileSync(join(examples, name), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../config.schema.json');
    const comments = text.split('\n').filter((l) => /^\s*#/.test(l) || / # /.test(l));
    expect(comments.length).toBeGreaterThanOrEqual(4);
  });

  it('names the missing variable and its line when the environment is incomplete', async () => {
    const { CLOUDFLARE_API_TOKEN: _token, ...env } = ENV;
    const err = await load(join(examples, 'cloudflare-vm.yaml'), env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const problem = (err as ConfigError).problems.find((p) => p.message.includes('CLOUDFLARE_API_TOKEN'));
    expect(problem?.path).toBe('receivers.cloudflare.api_token');
    expect(problem?.line).toBeGreaterThan(1);
  });

  it('demo.yaml wires the right components, with and without VictoriaMetrics', async () => {
    const registry = await createBuiltinRegistry(() => undefined);
    const file = join(examples, 'demo.yaml');
    const withVm = await loadDemoConfig(file, registry, ENV, true);
    expect([...withVm.exporters.keys()].sort()).toEqual(['file', 'victoriametrics']);
    expect([...withVm.processors.keys()]).toEqual(['converge']);
    expect([...withVm.receivers.keys()]).toEqual(['cloudflare']);
    const cloudflare = withVm.receivers.get('cloudflare')?.config as { endpoint: string; accounts: string[] };
    expect(cloudflare.endpoint).toBe(ENV.SETTLE_DEMO_ENDPOINT);
    expect(cloudflare.accounts).toEqual([ENV.SETTLE_DEMO_ACCOUNT]);
    const fileOnly = await loadDemoConfig(file, registry, ENV, false);
    expect([...fileOnly.exporters.keys()]).toEqual(['file']);
    expect(fileOnly.pipelines[0]?.exporters).toEqual(['file']);
  });
});
