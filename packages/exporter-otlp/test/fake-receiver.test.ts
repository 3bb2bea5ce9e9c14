import { SettleError, silentLogger, systemClock, type Batch } from '@settle/core';
import {
  batchOf,
  createMetricsRecorder,
  createTestContext,
  FakeClock,
  RecordingHost,
  type MetricsRecorder,
} from '@settle/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOtlpExporter } from '../src/otlp-definition.js';
import { OtlpSender } from '../src/otlp-sender.js';
import { otlpConfigSchema } from '../src/config/schema.js';
import { bucket, MINUTE, REQUESTS } from './support/batches.js';
import { FakeReceiver } from './support/fake-receiver.js';
import { LogCapture } from './support/log-capture.js';
import { decodeMetricsRequest, encodePartialSuccess } from './support/proto-decode.js';

const T0 = Date.UTC(2026, 2, 3, 4, 0); // source time, far from both the real and the fake clock
const receiver = new FakeReceiver();
let base = '';

beforeAll(async () => {
  base = await receiver.start();
});
afterAll(() => receiver.stop());
beforeEach(() => receiver.reset());

function sender(
  protocol: 'http/protobuf' | 'http/json',
  compression: 'gzip' | 'none',
  clock = systemClock,
): OtlpSender {
  return new OtlpSender({
    protocol,
    transport: {
      url: `${base}/v1/metrics`,
      headers: { authorization: 'Bearer s3cret' },
      compression,
      timeoutMs: 5_000,
    },
    tls: {},
    clock,
    logger: silentLogger(),
  });
}

const signal = new AbortController().signal;
const batch: Batch = batchOf(REQUESTS, [bucket(T0, 12), bucket(T0 + MINUTE, 0.5)], { 'service.name': 'settle' });

async function failure(p: Promise<unknown>): Promise<SettleError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SettleError)) throw new Error(`expected a SettleError, got ${String(err)}`);
  return err;
}

describe('OtlpSender against a fake OTLP receiver', () => {
  it('posts JSON (gzip) that decodes to the source timestamps and values', async () => {
    const s = sender('http/json', 'gzip');
    expect(await s.send(batch, signal)).toEqual({});
    const [req] = receiver.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/metrics' });
    expect(req?.headers).toMatchObject({
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      authorization: 'Bearer s3cret',
    });
    const body = JSON.parse(req!.body.toString('utf8')) as {
      resourceMetrics: { scopeMetrics: { metrics: { sum: { dataPoints: Record<string, unknown>[] } }[] }[] }[];
    };
    const points = body.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.sum.dataPoints;
    expect(points.map((p) => [p.startTimeUnixNano, p.timeUnixNano, p.asDouble])).toEqual([
      [`${T0}000000`, `${T0 + MINUTE}000000`, 12],
      [`${T0 + MINUTE}000000`, `${T0 + 2 * MINUTE}000000`, 0.5],
    ]);
    await s.shutdown();
  });

  it('posts uncompressed protobuf when compression is none', async () => {
    const s = sender('http/protobuf', 'none');
    await s.send(batch, signal);
    const [req] = receiver.requests;
    expect(req?.headers['content-type']).toBe('application/x-protobuf');
    expect(req?.headers['content-encoding']).toBeUndefined();
    const metric = decodeMetricsRequest(req!.body)[0]?.scopes[0]?.metrics[0];
    expect(metric?.dataPoints.map((p) => [p.timeUnixNano, p.asDouble])).toEqual([
      [BigInt(T0 + MINUTE) * 1_000_000n, 12],
      [BigInt(T0 + 2 * MINUTE) * 1_000_000n, 0.5],
    ]);
    await s.shutdown();
  });

  it('429 and 503 are retryable with the Retry-After delay (seconds or HTTP date)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const s = sender('http/protobuf', 'gzip', clock);
    receiver.reply(
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 503, headers: { 'retry-after': 'Thu, 01 Jan 2026 12:00:45 GMT' } },
      { status: 502 },
    );
    expect(await failure(s.send(batch, signal))).toMatchObject({ retryable: true, retryAfterMs: 2_000 });
    expect(await failure(s.send(batch, signal))).toMatchObject({ retryable: true, retryAfterMs: 45_000 });
    expect(await failure(s.send(batch, signal))).toMatchObject({ retryable: true, retryAfterMs: undefined });
    await s.shutdown();
  });

  it('partial_success resolves with the rejected count', async () => {
    const s = sender('http/protobuf', 'gzip');
    receiver.reply({
      status: 200,
      headers: { 'content-type': 'application/x-protobuf' },
      body: encodePartialSuccess(1, 'out of range'),
    });
    expect(await s.send(batch, signal)).toEqual({ rejectedPoints: 1, message: 'out of range' });
    const json = sender('http/json', 'none');
    receiver.reply({
      status: 200,
      body: JSON.stringify({ partialSuccess: { rejectedDataPoints: '2', errorMessage: 'x' } }),
    });
    expect(await json.send(batch, signal)).toEqual({ rejectedPoints: 2, message: 'x' });
    await s.shutdown();
    await json.shutdown();
  });

  it('400 is permanent and says what the receiver said', async () => {
    const s = sender('http/protobuf', 'gzip');
    receiver.reply({ status: 400, body: 'cannot parse metrics' });
    const err = await failure(s.send(batch, signal));
    expect(err).toMatchObject({ retryable: false, code: 'http_400' });
    expect(err.message).toContain('HTTP 400: cannot parse metrics');
    await s.shutdown();
  });

  it('a refused connection is retryable', async () => {
    const closed = new FakeReceiver();
    const url = await closed.start();
    await closed.stop();
    const s = new OtlpSender({
      protocol: 'http/protobuf',
      transport: { url: `${url}/v1/metrics`, headers: {}, compression: 'gzip', timeoutMs: 5_000 },
      tls: {},
      clock: systemClock,
      logger: silentLogger(),
    });
    expect(await failure(s.send(batch, signal))).toMatchObject({ retryable: true, code: 'connection_failed' });
    await s.shutdown();
  });
});

describe('otlp exporter (delivery helper + sender) against a fake OTLP receiver', () => {
  async function exporter(
    clock: FakeClock,
    logs: LogCapture,
    probe: MetricsRecorder,
    extra: Record<string, unknown> = {},
  ) {
    const ctx = createTestContext({ id: 'otlp', kind: 'exporter', clock, logger: logs.logger, meter: probe.meter });
    const config = otlpConfigSchema.parse({
      endpoint: base,
      batch: { flush_interval: '0' },
      ...extra,
    });
    const exp = await createOtlpExporter(ctx, config, {});
    await exp.start(new RecordingHost());
    return exp;
  }

  it('waits exactly the Retry-After on its clock, then delivers', async () => {
    const clock = new FakeClock();
    const logs = new LogCapture();
    const probe = createMetricsRecorder();
    const exp = await exporter(clock, logs, probe);
    receiver.reply({ status: 429, headers: { 'retry-after': '3' } });
    await exp.consume(batch);
    const line = await logs.waitFor(/retrying in/);
    expect(line.msg).toBe('send failed, retrying in 3s');
    await clock.advance(2_999);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.requests).toHaveLength(1);
    await clock.advance(1);
    await receiver.received(2);
    await exp.shutdown();
    expect(await probe.value('settle_exporter_sent_points')).toBe(2);
    expect(await probe.value('settle_exporter_retries')).toBe(1);
  });

  it('counts partial_success rejections as dropped and 400 as failed, without retrying either', async () => {
    const clock = new FakeClock();
    const logs = new LogCapture();
    const probe = createMetricsRecorder();
    const exp = await exporter(clock, logs, probe, { temporality: 'gauge' });
    receiver.reply({ status: 200, body: encodePartialSuccess(1, 'too old') }, { status: 400, body: 'bad request' });
    await exp.consume(batch);
    await receiver.received(1);
    await logs.waitFor(/backend rejected points/);
    await exp.consume(batch);
    await receiver.received(2);
    await logs.waitFor(/dropped a batch/);
    await exp.shutdown();
    expect(receiver.requests).toHaveLength(2);
    expect(await probe.value('settle_exporter_sent_points')).toBe(1);
    expect(await probe.value('settle_exporter_dropped_points', { reason: 'rejected_by_backend' })).toBe(1);
    expect(await probe.value('settle_exporter_send_failed_points')).toBe(2);
    expect(await probe.value('settle_exporter_retries')).toBe(0);
    // gauge mode reached the wire: per-bucket sums went out as gauges at the bucket end
    const m = decodeMetricsRequest(receiver.requests[0]!.body)[0]?.scopes[0]?.metrics[0];
    expect(m?.type).toBe('gauge');
    expect(m?.dataPoints[0]?.timeUnixNano).toBe(BigInt(T0 + MINUTE) * 1_000_000n);
  });

  it('takes endpoint, headers and compression from OTEL_EXPORTER_OTLP_* when the config is silent', async () => {
    const ctx = createTestContext({ id: 'otlp', kind: 'exporter', clock: new FakeClock() });
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${base}/otlp`,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-scope-orgid=tenant%201',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
    };
    const exp = await createOtlpExporter(ctx, otlpConfigSchema.parse({ batch: { flush_interval: '0' } }), env);
    await exp.start(new RecordingHost());
    await exp.consume(batch);
    await receiver.received(1);
    await exp.shutdown();
    expect(receiver.requests[0]?.path).toBe('/otlp/v1/metrics');
    expect(receiver.requests[0]?.headers['x-scope-orgid']).toBe('tenant 1');
    expect(receiver.requests[0]?.headers['content-encoding']).toBeUndefined();
  });

  it('rejects batches after shutdown without sending them', async () => {
    const exp = await exporter(new FakeClock(), new LogCapture(), createMetricsRecorder(), {
      temporality: 'cumulative',
    });
    await exp.shutdown();
    const err = await failure(exp.consume(batch));
    expect(err).toMatchObject({ code: 'exporter_shut_down', retryable: true });
    expect(receiver.requests).toHaveLength(0);
  });

  it('names the config key when tls.ca_file cannot be read', async () => {
    const ctx = createTestContext({ id: 'otlp/secure', kind: 'exporter' });
    const config = otlpConfigSchema.parse({ endpoint: 'https://127.0.0.1:1', tls: { ca_file: '/nonexistent/ca.pem' } });
    const err = await failure(createOtlpExporter(ctx, config, {}));
    expect(err.code).toBe('otlp.config');
    expect(err.message).toBe('exporters.otlp/secure.tls.ca_file: cannot read "/nonexistent/ca.pem" (ENOENT)');
  });
});
