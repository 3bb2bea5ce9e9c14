import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import { Service } from './service.js';
import { createRecorder, points, resolveYaml } from '../../test/support/service-fixtures.js';

const yaml = (telemetry: string): string => `
receivers:
  pusher/a:
processors:
  passthrough:
exporters:
  sink/ok:
  sink/bad: { fail: true }
service:
  telemetry:
${telemetry}
  pipelines:
    metrics/good: { receivers: [pusher/a], processors: [passthrough], exporters: [sink/ok] }
    metrics/bad: { receivers: [pusher/a], exporters: [sink/bad] }
`;

async function started(telemetry: string) {
  const r = createRecorder();
  const service = await Service.create(resolveYaml(yaml(telemetry), r.registry), { clock: new FakeClock() });
  await service.start();
  const address = service.telemetryAddress();
  return { r, service, base: address === undefined ? undefined : `http://127.0.0.1:${address.port}` };
}

/** The value of one sample line (`name{labels} value`) in Prometheus text, matched by name and label subset. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('self-telemetry', () => {
  it('serves per-component counters on /metrics', async () => {
    const { r, service, base } = await started('    metrics: { address: "127.0.0.1:0" }');
    try {
      const push = r.pushers.get('pusher/a');
      // metrics/bad refuses, so the receiver's push is refused as a whole; the good pipeline still got it.
      await expect(push?.consume(points(3))).rejects.toThrow();
      await expect(push?.consume(points(4))).rejects.toThrow();
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(sample(text, 'settle_receiver_refused_points_total', { receiver: 'pusher/a' })).toBe(7);
      expect(sample(text, 'settle_receiver_accepted_points_total', { receiver: 'pusher/a' })).toBeUndefined();
      const proc = { processor: 'passthrough', pipeline: 'metrics/good' };
      expect(sample(text, 'settle_processor_incoming_points_total', proc)).toBe(7);
      expect(sample(text, 'settle_processor_outgoing_points_total', proc)).toBe(7);
      expect(text).toContain('# HELP settle_receiver_refused_points_total');
    } finally {
      await service.shutdown();
    }
  });

  it('counts accepted points when every pipeline takes them', async () => {
    const r = createRecorder();
    const config = resolveYaml(
      yaml('    metrics: { address: "127.0.0.1:0" }').replace('{ fail: true }', ''),
      r.registry,
    );
    const service = await Service.create(config, { clock: new FakeClock() });
    await service.start();
    try {
      await r.pushers.get('pusher/a')?.consume(points(5));
      const text = await (await fetch(`http://127.0.0.1:${service.telemetryAddress()?.port}/metrics`)).text();
      expect(sample(text, 'settle_receiver_accepted_points_total', { receiver: 'pusher/a' })).toBe(5);
    } finally {
      await service.shutdown();
    }
  });

  it('exports each component status as settle_component_status, following reports', async () => {
    const { r, service, base } = await started('    metrics: { address: "127.0.0.1:0" }');
    try {
      const status = async (): Promise<string[]> =>
        (await (await fetch(`${base}/metrics`)).text())
          .split('\n')
          .filter((l) => l.startsWith('settle_component_status{') && l.includes('component="pusher/a"'))
          .map((l) => `${/status="([a-z_]+)"/.exec(l)?.[1] ?? ''} ${l.slice(l.lastIndexOf(' ') + 1)}`);
      expect((await status()).filter((l) => l.endsWith(' 1'))).toEqual(['ok 1']);
      expect(await status()).toHaveLength(7);
      r.hosts.get('pusher/a')?.reportStatus({ status: 'permanent_error', message: 'token revoked' });
      expect((await status()).filter((l) => l.endsWith(' 1'))).toEqual(['permanent_error 1']);
    } finally {
      await service.shutdown();
    }
  });

  it('answers /healthz with 200 while all is well and 503 once a component is unhealthy', async () => {
    const { r, service, base } = await started('    metrics: { address: "127.0.0.1:0" }');
    try {
      const ok = await fetch(`${base}/healthz`);
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { status: string; components: { key: string; status: string }[] };
      expect(body.status).toBe('ok');
      expect(body.components.map((c) => c.key).sort()).toEqual([
        'exporter:sink/bad',
        'exporter:sink/ok',
        'processor:metrics/good:passthrough',
        'receiver:pusher/a',
      ]);
      r.hosts.get('pusher/a')?.reportStatus({ status: 'permanent_error', message: 'zone gone' });
      const bad = await fetch(`${base}/healthz`);
      expect(bad.status).toBe(503);
      expect(await bad.json()).toMatchObject({ status: 'unhealthy' });
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await service.shutdown();
    }
    // The server is gone after shutdown.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('serves nothing when disabled', async () => {
    const { service, base } = await started('    metrics: { enabled: false }');
    expect(base).toBeUndefined();
    await service.shutdown();
  });

  it('fails to start with a clear message when the port is taken', async () => {
    const first = await started('    metrics: { address: "127.0.0.1:0" }');
    try {
      const port = first.service.telemetryAddress()?.port ?? 0;
      const r = createRecorder();
      const service = await Service.create(
        resolveYaml(yaml(`    metrics: { address: "127.0.0.1:${port}" }`), r.registry),
      );
      await expect(service.start()).rejects.toThrow(`cannot serve self-telemetry on 127.0.0.1:${port} (EADDRINUSE)`);
      // Nothing was started, and shutdown ran.
      expect(r.log.filter((e) => e.startsWith('start'))).toEqual([]);
      await expect(service.done).resolves.toMatchObject({ reason: 'start_failed' });
    } finally {
      await first.service.shutdown();
    }
  });

  it('records into a meter provider brought by an embedder, serving only /healthz', async () => {
    class CollectingReader extends MetricReader {
      protected onForceFlush(): Promise<void> {
        return Promise.resolve();
      }
      protected onShutdown(): Promise<void> {
        return Promise.resolve();
      }
    }
    const reader = new CollectingReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const r = createRecorder();
    const config = resolveYaml(
      yaml('    metrics: { address: "127.0.0.1:0" }').replace('{ fail: true }', ''),
      r.registry,
    );
    const service = await Service.create(config, { clock: new FakeClock(), meterProvider });
    await service.start();
    try {
      await r.pushers.get('pusher/a')?.consume(points(6));
      const base = `http://127.0.0.1:${service.telemetryAddress()?.port}`;
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const { resourceMetrics } = await reader.collect();
      const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
      const accepted = metrics.find((m) => m.descriptor.name === 'settle_receiver_accepted_points');
      expect(accepted?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ receiver: 'pusher/a' }, 6]]);
    } finally {
      await service.shutdown();
    }
  });
});
