import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import { Service } from './service.js';
import { createRecorder, points, resolveYaml, type Recorder } from '../../test/support/service-fixtures.js';

const NO_TELEMETRY = `
  telemetry:
    metrics: { enabled: false }`;

const TWO_PIPELINES = `
receivers:
  pusher/a:
processors:
  buffer:
  passthrough:
exporters:
  sink/x:
  sink/y:
service:${NO_TELEMETRY}
  pipelines:
    metrics/a:
      receivers: [pusher/a]
      processors: [buffer, passthrough]
      exporters: [sink/x]
    metrics/b:
      receivers: [pusher/a]
      processors: [buffer]
      exporters: [sink/x, sink/y]
`;

async function build(yaml: string, r: Recorder = createRecorder(), dataDir?: string) {
  const config = resolveYaml(yaml, r.registry);
  const service = await Service.create(config, {
    clock: new FakeClock(),
    ...(dataDir === undefined ? {} : { dataDir }),
  });
  return { r, service };
}

function indexOf(log: readonly string[], entry: string): number {
  const i = log.indexOf(entry);
  expect(i, `${entry} missing from ${JSON.stringify(log)}`).toBeGreaterThanOrEqual(0);
  return i;
}

describe('Service lifecycle', () => {
  it('starts downstream first and stops upstream first', async () => {
    const { r, service } = await build(TWO_PIPELINES);
    await service.start();
    await service.shutdown();
    const log = r.log;
    const at = (e: string): number => indexOf(log, e);
    // Start: exporters, then each pipeline's processors from its end, then the receiver.
    expect(at('start exporter:sink/x')).toBeLessThan(at('start processor:passthrough@metrics/a'));
    expect(at('start exporter:sink/y')).toBeLessThan(at('start processor:buffer@metrics/b'));
    expect(at('start processor:passthrough@metrics/a')).toBeLessThan(at('start processor:buffer@metrics/a'));
    expect(at('start processor:buffer@metrics/a')).toBeLessThan(at('start receiver:pusher/a'));
    expect(at('start processor:buffer@metrics/b')).toBeLessThan(at('start receiver:pusher/a'));
    // Stop: the receiver, then processors from the start of each pipeline, then exporters.
    expect(at('stop receiver:pusher/a')).toBeLessThan(at('stop processor:buffer@metrics/a'));
    expect(at('stop processor:buffer@metrics/a')).toBeLessThan(at('stop processor:passthrough@metrics/a'));
    expect(at('stop processor:passthrough@metrics/a')).toBeLessThan(at('stop exporter:sink/x'));
    expect(at('stop processor:buffer@metrics/b')).toBeLessThan(at('stop exporter:sink/y'));
    expect(log.filter((e) => e.startsWith('start'))).toHaveLength(6);
    expect(log.filter((e) => e.startsWith('stop'))).toHaveLength(6);
    expect(log.findIndex((e) => e.startsWith('stop'))).toBe(6);
    await expect(service.done).resolves.toEqual({ reason: 'shutdown' });
  });

  it('drains on shutdown: processors flush into exporters that are still running', async () => {
    const { r, service } = await build(TWO_PIPELINES);
    await service.start();
    await r.pushers.get('pusher/a')?.consume(points(3));
    expect(r.exported.get('sink/x')).toEqual([]);
    await service.shutdown();
    // sink/x is fed by both pipelines, sink/y by metrics/b only.
    expect(r.exported.get('sink/x')).toHaveLength(2);
    expect(r.exported.get('sink/y')).toHaveLength(1);
  });

  it('fans a receiver out to every pipeline and rejects when one branch rejects', async () => {
    const yaml = TWO_PIPELINES.replace('buffer:\n', 'buffer:\n  # unused\n')
      .replace('sink/y:\n', 'sink/y: { fail: true }\n')
      .replace('processors: [buffer, passthrough]', 'processors: [passthrough]')
      .replace('processors: [buffer]', 'processors: []');
    const { r, service } = await build(yaml);
    await service.start();
    const push = r.pushers.get('pusher/a');
    await expect(push?.consume(points(2))).rejects.toThrow(/sink\/y refuses/);
    // The other branches still got the batch, once each.
    expect(r.exported.get('sink/x')).toHaveLength(2);
    expect(r.exported.get('sink/y')).toEqual([]);
    await service.shutdown();
  });

  it('passes batches through a forward connector', async () => {
    const yaml = `
receivers: { pusher: }
exporters: { sink: }
connectors: { forward: }
service:${NO_TELEMETRY}
  pipelines:
    metrics/in: { receivers: [pusher], exporters: [forward] }
    metrics/out: { receivers: [forward], exporters: [sink] }
`;
    const { r, service } = await build(yaml);
    await service.start();
    await r.pushers.get('pusher')?.consume(points(4));
    await service.shutdown();
    expect(r.exported.get('sink')?.[0]?.metrics[0]?.points).toHaveLength(4);
  });

  it('shuts down without start, and only once however often asked', async () => {
    const { r, service } = await build(TWO_PIPELINES);
    await Promise.all([service.shutdown(), service.shutdown()]);
    await service.shutdown();
    expect(r.log.filter((e) => e.startsWith('start'))).toEqual([]);
    expect(r.log.filter((e) => e.startsWith('stop'))).toHaveLength(6);
    await expect(service.start()).rejects.toThrow(/started once/);
  });

  it('reports component status and aborts each signal as its component stops', async () => {
    const { r, service } = await build(TWO_PIPELINES);
    expect(service.health().components.map((c) => c.status)).toEqual(Array(6).fill('starting'));
    await service.start();
    const health = service.health();
    expect(health.healthy).toBe(true);
    expect(new Set(health.components.map((c) => c.status))).toEqual(new Set(['ok']));
    r.hosts.get('pusher/a')?.reportStatus({ status: 'recoverable_error', message: 'rate limited' });
    expect(service.health().healthy).toBe(false);
    expect(service.health().components.find((c) => c.id === 'pusher/a')).toMatchObject({
      status: 'recoverable_error',
      message: 'rate limited',
    });
    await service.shutdown();
    expect(r.signalAbortedAtStop.get('receiver:pusher/a')).toBe(true);
    expect(new Set(service.health().components.map((c) => c.status))).toEqual(new Set(['stopped']));
  });

  it('stops what started and rejects when a component fails to start', async () => {
    const yaml = TWO_PIPELINES.replace('pusher/a:\n', 'pusher/a: { fail_start: true }\n');
    const { r, service } = await build(yaml);
    await expect(service.start()).rejects.toThrow('receiver "pusher/a" failed to start: credentials refused');
    expect(r.log.filter((e) => e.startsWith('stop'))).toHaveLength(6);
    await expect(service.done).resolves.toMatchObject({ reason: 'start_failed', component: 'pusher/a' });
  });

  it('fails to create with the component named, shutting down what was already created', async () => {
    const r = createRecorder();
    const yaml = TWO_PIPELINES.replace('sink/y:\n', 'sink/y: { fail_create: true }\n');
    await expect(Service.create(resolveYaml(yaml, r.registry))).rejects.toThrow(
      'exporter "sink/y" could not be created: endpoint is not a URL',
    );
    expect(r.log).toEqual(r.exported.has('sink/x') ? ['stop exporter:sink/x'] : []);
  });

  it('shuts down when a component reports fatal_error', async () => {
    const yaml = TWO_PIPELINES.replace('pusher/a:\n', 'pusher/a: { fatal_on_start: true }\n');
    const { r, service } = await build(yaml);
    await service.start();
    const exit = await service.done;
    expect(exit).toEqual({
      reason: 'fatal_error',
      component: 'pusher/a',
      message: 'receiver "pusher/a": zone not found',
    });
    expect(r.log.filter((e) => e.startsWith('stop'))).toHaveLength(6);
  });

  it('gives each component storage under <data_dir>/<kind>/<id>, processors per pipeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-svc-'));
    const { r, service } = await build(TWO_PIPELINES, createRecorder(), dir);
    await service.shutdown();
    expect(r.storageDirs.get('receiver:pusher/a')).toBe(join(dir, 'receiver', 'pusher-a'));
    expect(r.storageDirs.get('exporter:sink/x')).toBe(join(dir, 'exporter', 'sink-x'));
    expect(r.storageDirs.get('processor:buffer@metrics/b')).toBe(join(dir, 'processor', 'metrics-b', 'buffer'));
  });

  it('keeps storage in memory without a data dir', async () => {
    const { r, service } = await build(TWO_PIPELINES);
    await service.shutdown();
    expect(r.storageDirs.get('receiver:pusher/a')).toBeUndefined();
  });
});
