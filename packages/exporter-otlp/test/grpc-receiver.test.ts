import { status as Status } from '@grpc/grpc-js';
import { SettleError, silentLogger, type Batch } from '@settle/core';
import {
  batchOf,
  createMetricsRecorder,
  createTestContext,
  FakeClock,
  RecordingHost,
  type MetricsRecorder,
} from '@settle/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { otlpConfigSchema } from '../src/config/schema.js';
import { OtlpGrpcSender } from '../src/grpc/grpc-sender.js';
import { createOtlpExporter } from '../src/otlp-definition.js';
import { bucket, MINUTE, REQUESTS } from './support/batches.js';
import { GrpcReceiver } from './support/grpc-receiver.js';
import { LogCapture } from './support/log-capture.js';
import { TcpMeter } from './support/tcp-meter.js';

const T0 = Date.UTC(2026, 2, 3, 4, 0); // source time, far from both the real and the fake clock
const receiver = new GrpcReceiver();
let base = '';

beforeAll(async () => {
  base = await receiver.start();
});
afterAll(() => receiver.stop());
beforeEach(() => receiver.reset());

function sender(compression: 'gzip' | 'none' = 'gzip', url = base, timeoutMs = 5_000): OtlpGrpcSender {
  return new OtlpGrpcSender({
    transport: {
      url,
      headers: { authorization: 'Bearer s3cret', 'X-Scope-OrgID': 'tenant-1' },
      compression,
      timeoutMs,
    },
    tls: {},
    logger: silentLogger(),
  });
}

const signal = new AbortController().signal;
const batch: Batch = batchOf(
  REQUESTS,
  [bucket(T0, 12), bucket(T0 + MINUTE, 0.5, { zone: 'example.org', colo: 'FRA' })],
  { 'service.name': 'settle' },
);

async function failure(p: Promise<unknown>): Promise<SettleError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SettleError)) throw new Error(`expected a SettleError, got ${String(err)}`);
  return err;
}

type Decoded = {
  resourceMetrics: {
    resource: { attributes: { key: string; value: { stringValue: string } }[] };
    scopeMetrics: {
      metrics: {
        name: string;
        unit: string;
        sum: Record<string, unknown> & { dataPoints: Record<string, unknown>[] };
      }[];
    }[];
  }[];
};

describe('OtlpGrpcSender against a gRPC MetricsService built from the official OTLP definitions', () => {
  it('calls Export with the exact source timestamps, values, attributes and metadata', async () => {
    const s = sender();
    expect(await s.send(batch, signal)).toEqual({});
    const [call] = receiver.calls;
    expect(call?.metadata).toMatchObject({ authorization: 'Bearer s3cret', 'x-scope-orgid': 'tenant-1' });
    const rm = (call!.request as unknown as Decoded).resourceMetrics[0]!;
    expect(rm.resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'settle' } }]);
    const metric = rm.scopeMetrics[0]!.metrics[0]!;
    expect([metric.name, metric.unit, metric.sum.aggregationTemporality, metric.sum.isMonotonic]).toEqual([
      'cloudflare_zone_requests_total',
      '{request}',
      1, // AGGREGATION_TEMPORALITY_DELTA
      true,
    ]);
    expect(metric.sum.dataPoints.map((p) => [p.startTimeUnixNano, p.timeUnixNano, p.asDouble, p.attributes])).toEqual([
      [`${T0}000000`, `${T0 + MINUTE}000000`, 12, [{ key: 'zone', value: { stringValue: 'example.com' } }]],
      [
        `${T0 + MINUTE}000000`,
        `${T0 + 2 * MINUTE}000000`,
        0.5,
        [
          { key: 'zone', value: { stringValue: 'example.org' } },
          { key: 'colo', value: { stringValue: 'FRA' } },
        ],
      ],
    ]);
    await s.shutdown();
  });

  it('gzip shrinks what goes over the wire, and the server still decodes every point', async () => {
    const many = batchOf(
      REQUESTS,
      Array.from({ length: 2_000 }, (_, i) => bucket(T0 + i * MINUTE, i % 7, { zone: 'example.com', host: 'h' })),
    );
    const bytes: Record<string, number> = {};
    for (const compression of ['none', 'gzip'] as const) {
      const meter = new TcpMeter();
      const port = await meter.start(Number(new URL(base).port));
      const s = sender(compression, `http://127.0.0.1:${port}`);
      await s.send(many, signal);
      await s.shutdown();
      await meter.stop();
      bytes[compression] = meter.sentBytes;
    }
    expect(receiver.calls).toHaveLength(2);
    for (const call of receiver.calls) {
      const points = (call.request as unknown as Decoded).resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.sum
        .dataPoints;
      expect(points).toHaveLength(2_000);
      expect(points[1_999]).toMatchObject({ timeUnixNano: `${T0 + 2_000 * MINUTE}000000`, asInt: String(1_999 % 7) });
    }
    expect(bytes.gzip! * 4).toBeLessThan(bytes.none!);
  });

  it.each<[string, number, 'retryable' | 'permanent']>([
    ['CANCELLED', Status.CANCELLED, 'retryable'],
    ['UNKNOWN', Status.UNKNOWN, 'permanent'],
    ['INVALID_ARGUMENT', Status.INVALID_ARGUMENT, 'permanent'],
    ['DEADLINE_EXCEEDED', Status.DEADLINE_EXCEEDED, 'retryable'],
    ['NOT_FOUND', Status.NOT_FOUND, 'permanent'],
    ['ALREADY_EXISTS', Status.ALREADY_EXISTS, 'permanent'],
    ['PERMISSION_DENIED', Status.PERMISSION_DENIED, 'permanent'],
    ['RESOURCE_EXHAUSTED', Status.RESOURCE_EXHAUSTED, 'permanent'],
    ['FAILED_PRECONDITION', Status.FAILED_PRECONDITION, 'permanent'],
    ['ABORTED', Status.ABORTED, 'retryable'],
    ['OUT_OF_RANGE', Status.OUT_OF_RANGE, 'retryable'],
    ['UNIMPLEMENTED', Status.UNIMPLEMENTED, 'permanent'],
    ['INTERNAL', Status.INTERNAL, 'permanent'],
    ['UNAVAILABLE', Status.UNAVAILABLE, 'retryable'],
    ['DATA_LOSS', Status.DATA_LOSS, 'retryable'],
    ['UNAUTHENTICATED', Status.UNAUTHENTICATED, 'permanent'],
  ])('a server answering %s is %s', async (name, code, want) => {
    const s = sender();
    receiver.reply({ code, details: `said ${name}` });
    const err = await failure(s.send(batch, signal));
    expect(err).toMatchObject({
      code: `grpc_${name.toLowerCase()}`,
      retryable: want === 'retryable',
      throttled: false,
    });
    expect(err.message).toBe(`${base} answered gRPC ${name}: said ${name}`);
    await s.shutdown();
  });

  it('a RetryInfo in the status details makes RESOURCE_EXHAUSTED and UNAVAILABLE throttled, with its delay', async () => {
    const s = sender();
    receiver.reply(
      { code: Status.RESOURCE_EXHAUSTED, details: 'quota', retryDelay: { seconds: 7, nanos: 250_000_000 } },
      { code: Status.UNAVAILABLE, details: 'busy', retryDelay: { seconds: 30 } },
    );
    expect(await failure(s.send(batch, signal))).toMatchObject({ throttled: true, retryAfterMs: 7_250 });
    expect(await failure(s.send(batch, signal))).toMatchObject({ throttled: true, retryAfterMs: 30_000 });
    await s.shutdown();
  });

  it('partial_success resolves with the rejected count and message', async () => {
    const s = sender();
    receiver.reply({ partial: { rejected: 1, message: 'out of range' } });
    expect(await s.send(batch, signal)).toEqual({ rejectedPoints: 1, message: 'out of range' });
    await s.shutdown();
  });

  it('a refused connection is retryable', async () => {
    const closed = new GrpcReceiver();
    const url = await closed.start();
    await closed.stop();
    const s = sender('gzip', url);
    expect(await failure(s.send(batch, signal))).toMatchObject({ retryable: true, code: 'grpc_unavailable' });
    await s.shutdown();
  });

  it('the timeout becomes the call deadline: a server slower than it gives a retryable DEADLINE_EXCEEDED', async () => {
    const s = sender('gzip', base, 50);
    receiver.reply({ delayMs: 2_000 });
    expect(await failure(s.send(batch, signal))).toMatchObject({ retryable: true, code: 'grpc_deadline_exceeded' });
    await s.shutdown();
  });

  it('an abort (shutdown) cancels the call and rejects with the abort reason', async () => {
    const s = sender();
    receiver.reply({ delayMs: 2_000 });
    const controller = new AbortController();
    const sent = s.send(batch, controller.signal);
    await receiver.received(1);
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(sent).rejects.toBe(reason);
    await s.shutdown();
  });
});

describe('otlp exporter with protocol grpc (delivery helper + gRPC sender)', () => {
  async function exporter(clock: FakeClock, logs: LogCapture, probe: MetricsRecorder) {
    const ctx = createTestContext({ id: 'otlp', kind: 'exporter', clock, logger: logs.logger, meter: probe.meter });
    const config = otlpConfigSchema.parse({ protocol: 'grpc', endpoint: base, batch: { flush_interval: '0' } });
    const exp = await createOtlpExporter(ctx, config, {});
    await exp.start(new RecordingHost());
    return exp;
  }

  it('waits exactly the RetryInfo delay on its clock, then delivers', async () => {
    const clock = new FakeClock();
    const logs = new LogCapture();
    const probe = createMetricsRecorder();
    const exp = await exporter(clock, logs, probe);
    receiver.reply({ code: Status.UNAVAILABLE, details: 'slow down', retryDelay: { seconds: 4 } });
    await exp.consume(batch);
    const line = await logs.waitFor(/retrying in/);
    expect(line.msg).toBe('send failed, retrying in 4s');
    await clock.advance(3_999);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.calls).toHaveLength(1);
    await clock.advance(1);
    await receiver.received(2);
    await exp.shutdown();
    expect(await probe.value('settle_exporter_sent_points')).toBe(2);
    expect(await probe.value('settle_exporter_retries')).toBe(1);
  });

  it('counts partial_success as dropped and RESOURCE_EXHAUSTED without RetryInfo as failed, retrying neither', async () => {
    const clock = new FakeClock();
    const logs = new LogCapture();
    const probe = createMetricsRecorder();
    const exp = await exporter(clock, logs, probe);
    receiver.reply(
      { partial: { rejected: 1, message: 'too old' } },
      { code: Status.RESOURCE_EXHAUSTED, details: 'too big' },
    );
    await exp.consume(batch);
    await receiver.received(1);
    await logs.waitFor(/backend rejected points/);
    await exp.consume(batch);
    await receiver.received(2);
    const dropped = await logs.waitFor(/dropped a batch/);
    await exp.shutdown();
    expect(dropped).toMatchObject({ reason: 'permanent_error', code: 'grpc_resource_exhausted' });
    expect(receiver.calls).toHaveLength(2);
    expect(await probe.value('settle_exporter_sent_points')).toBe(1);
    expect(await probe.value('settle_exporter_dropped_points', { reason: 'rejected_by_backend' })).toBe(1);
    expect(await probe.value('settle_exporter_send_failed_points')).toBe(2);
    expect(await probe.value('settle_exporter_retries')).toBe(0);
  });

  it('takes the endpoint as is and headers from OTEL_EXPORTER_OTLP_* when the config is silent', async () => {
    const ctx = createTestContext({ id: 'otlp', kind: 'exporter', clock: new FakeClock() });
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: base, OTEL_EXPORTER_OTLP_HEADERS: 'x-scope-orgid=tenant%201' };
    const config = otlpConfigSchema.parse({ protocol: 'grpc', batch: { flush_interval: '0' } });
    const exp = await createOtlpExporter(ctx, config, env);
    await exp.start(new RecordingHost());
    await exp.consume(batch);
    await receiver.received(1);
    await exp.shutdown();
    expect(receiver.calls[0]?.metadata['x-scope-orgid']).toBe('tenant 1');
  });
});
