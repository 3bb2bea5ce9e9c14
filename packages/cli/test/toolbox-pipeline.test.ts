import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ConfigError, createLogger, loadConfigFile, Service } from '@settle/core';
import { FakeClock } from '@settle/core/testing';
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

describe('aggregate behind converge through a connector (what the static check cannot see)', () => {
  async function runService(pipelines: string): Promise<{ lines: string[]; written: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'settle-toolbox-run-'));
    const out = join(dir, 'points.jsonl');
    const yaml = `receivers:
  generator: { interval: 1s, series: 4, kind: sum, pattern: constant, max_batches: 3 }
processors:
  converge: { target_exactness: off }
  aggregate: { drop: [series] }
connectors:
  forward:
exporters:
  file: { path: ${out} }
service:
  telemetry: { metrics: { enabled: false } }
  pipelines:
${pipelines}`;
    const registry = await createBuiltinRegistry(() => undefined);
    const config = await loadConfigFile(file(yaml), { registry, env: {} });
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const service = await Service.create(config, {
      clock,
      logger: createLogger({ level: 'debug', destination, pretty: false }),
    });
    await service.start();
    for (let i = 0; i < 5; i++) await clock.advance(1_000);
    await service.shutdown(); // converge flushes what it holds
    return { lines, written: existsSync(out) ? readFileSync(out, 'utf8') : '' };
  }

  it('refuses converge output arriving through forward, with the reason, and writes nothing', async () => {
    const { lines, written } = await runService(`    metrics/in:
      receivers: [generator]
      processors: [converge]
      exporters: [forward]
    metrics/out:
      receivers: [forward]
      processors: [aggregate]
      exporters: [file]
`);
    expect(written).toBe('');
    expect(
      lines.some((l) => l.includes('aggregate_partial_buckets') || l.includes('put aggregate before converge')),
    ).toBe(true);
  });

  it('the same processors in the right order write the aggregated points', async () => {
    const { written } = await runService(`    metrics:
      receivers: [generator]
      processors: [aggregate, converge]
      exporters: [file]
`);
    const points = written
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { attributes: Record<string, string>; value: number });
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p.attributes).toEqual({});
  });
});
