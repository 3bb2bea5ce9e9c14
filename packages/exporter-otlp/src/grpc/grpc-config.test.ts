import { createTestContext } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { otlpConfigSchema } from '../config/schema.js';
import { checkTransport, GRPC_MAX_MESSAGE_BYTES, grpcBatch } from './grpc-config.js';

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
