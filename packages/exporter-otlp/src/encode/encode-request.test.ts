import { describe, expect, it } from 'vitest';
import { decodeMetricsRequest, encodePartialSuccess } from '../../test/support/proto-decode.js';
import { batchOf } from '@settle/core/testing';
import { bucket, MINUTE, REQUESTS } from '../../test/support/batches.js';
import { decodeResponse, encodeRequest } from './encode-request.js';
import { msToHrTime } from './to-resource-metrics.js';

const T0 = Date.UTC(2026, 2, 3, 4, 5); // an old bucket: the export happens much later
const NS = 1_000_000n;

describe('encodeRequest (protobuf)', () => {
  it('keeps source timestamps to the nanosecond and sets a value on every point', () => {
    const batch = batchOf(REQUESTS, [bucket(T0, 42), bucket(T0 + MINUTE, 7, { zone: 'b.example' })], {
      account: 'acme',
    });
    const { body, contentType } = encodeRequest(batch, 'http/protobuf');
    expect(contentType).toBe('application/x-protobuf');
    const [rm] = decodeMetricsRequest(Buffer.from(body));
    expect(rm?.resource).toEqual({ account: 'acme' });
    const m = rm?.scopes[0]?.metrics[0];
    expect(m).toMatchObject({
      name: REQUESTS.name,
      unit: '{request}',
      type: 'sum',
      aggregationTemporality: 1,
      isMonotonic: true,
    });
    expect(m?.dataPoints).toEqual([
      {
        attributes: { zone: 'example.com' },
        startTimeUnixNano: BigInt(T0) * NS,
        timeUnixNano: BigInt(T0 + MINUTE) * NS,
        asInt: 42n,
      },
      {
        attributes: { zone: 'b.example' },
        startTimeUnixNano: BigInt(T0 + MINUTE) * NS,
        timeUnixNano: BigInt(T0 + 2 * MINUTE) * NS,
        asInt: 7n,
      },
    ]);
  });

  it('uses as_double for a metric with any fractional value, gauges without temporality', () => {
    const gauge = { name: 'ratio', kind: 'gauge' as const };
    const batch = batchOf(gauge, [
      { attributes: { n: 1, ok: true }, timeMs: T0, value: 3 },
      { attributes: {}, timeMs: T0 + 1, value: 0.25 },
    ]);
    const m = decodeMetricsRequest(Buffer.from(encodeRequest(batch, 'http/protobuf').body))[0]?.scopes[0]?.metrics[0];
    expect(m?.type).toBe('gauge');
    expect(m?.dataPoints.map((p) => [p.asDouble, p.asInt])).toEqual([
      [3, undefined],
      [0.25, undefined],
    ]);
    expect(m?.dataPoints[0]?.attributes).toEqual({ n: 1, ok: true });
    expect(m?.dataPoints[1]?.timeUnixNano).toBe(BigInt(T0 + 1) * NS);
  });

  it('encodes negative integers and cumulative sums', () => {
    const d = { name: 'balance', kind: 'sum' as const, temporality: 'cumulative' as const, monotonic: false };
    const m = decodeMetricsRequest(Buffer.from(encodeRequest(batchOf(d, [bucket(T0, -5)]), 'http/protobuf').body))[0]
      ?.scopes[0]?.metrics[0];
    expect(m).toMatchObject({ aggregationTemporality: 2, isMonotonic: false });
    expect(m?.dataPoints[0]?.asInt).toBe(-5n);
  });
});

describe('encodeRequest (JSON)', () => {
  it('writes the OTLP JSON mapping: lowerCamelCase, integer enums, nanosecond strings', () => {
    const { body, contentType } = encodeRequest(batchOf(REQUESTS, [bucket(T0, 1.5)], { env: 'prod' }), 'http/json');
    expect(contentType).toBe('application/json');
    const json = JSON.parse(Buffer.from(body).toString('utf8')) as {
      resourceMetrics: {
        resource: { attributes: unknown[] };
        scopeMetrics: { scope: { name: string }; metrics: Record<string, unknown>[] }[];
      }[];
    };
    const rm = json.resourceMetrics[0]!;
    expect(rm.resource.attributes).toEqual([{ key: 'env', value: { stringValue: 'prod' } }]);
    expect(rm.scopeMetrics[0]!.scope.name).toBe('@settle/exporter-otlp');
    expect(rm.scopeMetrics[0]!.metrics[0]).toMatchObject({
      name: REQUESTS.name,
      sum: {
        aggregationTemporality: 1,
        isMonotonic: true,
        dataPoints: [
          {
            startTimeUnixNano: String(BigInt(T0) * NS),
            timeUnixNano: String(BigInt(T0 + MINUTE) * NS),
            asDouble: 1.5,
            attributes: [{ key: 'zone', value: { stringValue: 'example.com' } }],
          },
        ],
      },
    });
  });
});

describe('decodeResponse', () => {
  it('reads partial_success from protobuf and JSON bodies', () => {
    expect(decodeResponse(encodePartialSuccess(3, 'too old'), 'http/protobuf')).toEqual({
      rejectedPoints: 3,
      errorMessage: 'too old',
    });
    const json = Buffer.from(JSON.stringify({ partialSuccess: { rejectedDataPoints: '4', errorMessage: 'bad' } }));
    expect(decodeResponse(json, 'http/json')).toEqual({ rejectedPoints: 4, errorMessage: 'bad' });
  });

  it('treats empty, empty-object and unreadable bodies as full success', () => {
    for (const [body, protocol] of [
      [Buffer.alloc(0), 'http/protobuf'],
      [Buffer.from('{}'), 'http/json'],
      [Buffer.from('not json'), 'http/json'],
    ] as const) {
      expect(decodeResponse(body, protocol)).toEqual({ rejectedPoints: 0, errorMessage: undefined });
    }
  });
});

describe('msToHrTime', () => {
  it.each([
    [0, [0, 0]],
    [1_700_000_000_123, [1_700_000_000, 123_000_000]],
    [1_700_000_000_000.5, [1_700_000_000, 500_000]],
  ])('%d ms', (ms, hr) => {
    expect(msToHrTime(ms)).toEqual(hr);
  });
});
