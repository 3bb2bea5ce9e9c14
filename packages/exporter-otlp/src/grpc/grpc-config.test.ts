import { createTestContext } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { otlpConfigSchema } from '../config/schema.js';
import { readOtlpEnv } from '../config/env.js';
import { resolveTransport } from '../config/settings.js';
import { assertResolvedTransport, checkTransport, GRPC_MAX_MESSAGE_BYTES, grpcBatch } from './grpc-config.js';

const check = (input: Record<string, unknown>) => checkTransport(otlpConfigSchema.parse(input));

describe('checkTransport', () => {
  it('accepts the usual gRPC configs', () => {
    expect(check({ protocol: 'grpc', endpoint: 'http://otelcol:4317', tls: { insecure: true } })).toEqual([]);
    expect(
      check({ protocol: 'grpc', endpoint: 'https://otelcol:4317/', headers: { authorization: 'Bearer x' } }),
    ).toEqual([]);
    expect(check({ endpoint: 'http://vm:8428/opentelemetry', headers: { 'X-Scope-OrgID': 'a' } })).toEqual([]);
  });

  it('refuses plaintext asked for an https endpoint', () => {
    expect(check({ protocol: 'grpc', endpoint: 'https://otelcol:4317', tls: { insecure: true } })).toEqual([
      {
        path: ['tls', 'insecure'],
        message: 'plaintext was asked for, but endpoint is https://; use http:// for plaintext or drop insecure',
      },
    ]);
  });

  it('refuses a path on a gRPC endpoint (an OTLP/HTTP URL by mistake)', () => {
    expect(check({ protocol: 'grpc', metrics_endpoint: 'http://otelcol:4318/v1/metrics' })).toEqual([
      {
        path: ['metrics_endpoint'],
        message: 'OTLP/gRPC takes http(s)://host:port only (no path): got "http://otelcol:4318/v1/metrics"',
      },
    ]);
  });

  it('names headers gRPC metadata cannot carry, never their values', () => {
    const problems = check({
      protocol: 'grpc',
      headers: { 'grpc-timeout': '1S', 'Bad Key': 'x', 'x-bin': 'x', authorization: 'Bearer s3cret\n' },
    });
    expect(problems.map((p) => p.path)).toEqual([
      ['headers', 'grpc-timeout'],
      ['headers', 'Bad Key'],
      ['headers', 'x-bin'],
      ['headers', 'authorization'],
    ]);
    expect(problems.map((p) => p.message).join('\n')).not.toContain('s3cret');
  });
});

describe('grpcBatch', () => {
  it('caps requests at gRPC’s default 4 MiB message size and keeps smaller settings', () => {
    const ctx = createTestContext({ id: 'otlp', kind: 'exporter' });
    const config = otlpConfigSchema.parse({ protocol: 'grpc' });
    expect(grpcBatch(ctx, config.batch).max_bytes).toBe(GRPC_MAX_MESSAGE_BYTES);
    const small = otlpConfigSchema.parse({ protocol: 'grpc', batch: { max_bytes: 65_536 } }).batch;
    expect(grpcBatch(ctx, small)).toBe(small);
  });
});

describe('assertResolvedTransport', () => {
  const thrown = (input: Record<string, unknown>, env: Record<string, string>): string => {
    const config = otlpConfigSchema.parse(input);
    try {
      assertResolvedTransport('otlp/x', config, resolveTransport(config, readOtlpEnv(env), config.protocol));
    } catch (err) {
      return (err as Error).message;
    }
    return 'no error';
  };

  it('catches what the environment brings: an https endpoint with insecure, a header gRPC cannot carry', () => {
    expect(
      thrown({ protocol: 'grpc', tls: { insecure: true } }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c:4317' }),
    ).toBe('exporters.otlp/x.tls.insecure: plaintext was asked for, but the endpoint https://c:4317 is https://');
    expect(thrown({ protocol: 'grpc' }, { OTEL_EXPORTER_OTLP_HEADERS: 'grpc-timeout=1S' })).toBe(
      'exporters.otlp/x.headers: "grpc-timeout" is reserved by gRPC (from the config or OTEL_EXPORTER_OTLP_HEADERS)',
    );
    expect(thrown({ protocol: 'grpc' }, { OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=a' })).toBe('no error');
    expect(thrown({}, { OTEL_EXPORTER_OTLP_HEADERS: 'grpc-timeout=1S' })).toBe('no error');
  });
});
