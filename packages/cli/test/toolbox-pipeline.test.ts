import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFile } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../src/registry.js';

// The toolbox processors in real configs, with the CLI's registry (converge and the toolbox bundled).
function file(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'settle-toolbox-')), 'settle.yaml');
  writeFileSync(path, yaml);
  return path;
}

const HEAD = `receivers:
  generator: { series: 4 }
processors:
  converge: {}
  filter: { exclude: [{ metrics: [nothing] }] }
  aggregate: { drop: [series] }
  attributes: { actions: [{ key: env, action: upsert, value: "\${env:SETTLE_ENV}" }] }
exporters:
  debug:
service:
  telemetry: { metrics: { enabled: false } }
  pipelines:
    metrics:
      receivers: [generator]
`;

async function load(processors: string) {
  const registry = await createBuiltinRegistry(() => undefined);
  const yaml = `${HEAD}      processors: [${processors}]\n      exporters: [debug]\n`;
  return loadConfigFile(file(yaml), { registry, env: { SETTLE_ENV: 'staging' } });
}

describe('toolbox processors in a pipeline', () => {
  it.each(['aggregate, converge', 'filter, aggregate, attributes, converge', 'converge, filter, attributes'])(
    'accepts %s',
    async (processors) => {
      const config = await load(processors);
      expect(config.pipelines[0]?.processors).toEqual(processors.split(', '));
    },
  );

  it.each([
    ['converge, aggregate', 1],
    ['converge, filter, aggregate', 2],
  ])('refuses %s, naming the place and why', async (processors, index) => {
    const err = await load(processors).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(`service.pipelines.metrics.processors[${index}]`);
    expect(problems[0]?.line).toBe(15); // the `processors:` line of the pipeline
    expect(problems[0]?.message).toMatch(
      /^processor "aggregate" cannot come after "converge" in pipeline "metrics": .*partial buckets.*put aggregate before converge$/,
    );
  });

  it('sets a value from ${env:...} through config expansion', async () => {
    const config = await load('attributes');
    expect(config.processors.get('attributes')?.config).toEqual({
      actions: [{ key: 'env', action: 'upsert', value: 'staging' }],
    });
  });
});
