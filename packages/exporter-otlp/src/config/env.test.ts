import { describe, expect, it } from 'vitest';
import { readOtlpEnv } from './env.js';
import { DEFAULT_GRPC_URL, DEFAULT_URL, resolveTransport } from './settings.js';

describe('readOtlpEnv', () => {
  it('reads both endpoints as written; OTLP/HTTP appends v1/metrics to the generic one, gRPC uses both as is', () => {
    const http = (env: Record<string, string>) => resolveTransport({ headers: {} }, readOtlpEnv(env), 'http/json').url;
    const grpc = (env: Record<string, string>) => resolveTransport({ headers: {} }, readOtlpEnv(env), 'grpc').url;
    expect(readOtlpEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toMatchObject({ endpoint: 'http://c:4318' });
    expect(http({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe('http://c:4318/v1/metrics');
    expect(http({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/otlp/' })).toBe('http://c:4318/otlp/v1/metrics');
    expect(grpc({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c:4317' })).toBe('https://c:4317');
    const both = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://m:9/p' };
    expect(http(both)).toBe('http://m:9/p');
    expect(grpc(both)).toBe('http://m:9/p');
  });

  it('merges headers, specific over generic, URL-decoding values', () => {
    const env = readOtlpEnv({
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-tenant=a',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'x-tenant=b',
    });
    expect(env.headers).toEqual({ authorization: 'Bearer abc', 'x-tenant': 'b' });
  });

  it('prefers the specific compression and timeout, ignoring invalid values with a warning', () => {
    const env = readOtlpEnv({
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'zstd',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '-1',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
    });
    expect(env.compression).toBe('gzip');
    expect(env.timeoutMs).toBe(2500);
    expect(env.endpoint).toBeUndefined();
    expect(env.warnings).toHaveLength(3);
    expect(env.warnings.join('\n')).toMatch(/OTEL_EXPORTER_OTLP_METRICS_COMPRESSION="zstd"/);
  });

  it('is empty without variables', () => {
    expect(readOtlpEnv({})).toEqual({ headers: {}, warnings: [] });
  });
});

describe('resolveTransport', () => {
  const env = readOtlpEnv({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318',
    OTEL_EXPORTER_OTLP_HEADERS: 'a=env,b=env',
    OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
    OTEL_EXPORTER_OTLP_TIMEOUT: '3000',
  });

  it('uses the environment when the config says nothing', () => {
    expect(resolveTransport({ headers: {} }, env, 'http/protobuf')).toEqual({
      url: 'http://env:4318/v1/metrics',
      headers: { a: 'env', b: 'env' },
      compression: 'none',
      timeoutMs: 3000,
    });
  });

  it('lets the config win, header by header', () => {
    const config = { endpoint: 'https://cfg', headers: { b: 'cfg' }, compression: 'gzip' as const, timeout: 1000 };
    expect(resolveTransport(config, env, 'http/protobuf')).toEqual({
      url: 'https://cfg/v1/metrics',
      headers: { a: 'env', b: 'cfg' },
      compression: 'gzip',
      timeoutMs: 1000,
    });
    expect(resolveTransport({ ...config, metrics_endpoint: 'https://m/x' }, env, 'grpc').url).toBe('https://m/x');
  });

  it('lets a configured gRPC endpoint win as is', () => {
    expect(resolveTransport({ endpoint: 'https://cfg:4317', headers: {} }, env, 'grpc').url).toBe('https://cfg:4317');
  });

  it('falls back to localhost:4317 for gRPC', () => {
    expect(resolveTransport({ headers: {} }, readOtlpEnv({}), 'grpc').url).toBe(DEFAULT_GRPC_URL);
  });

  it('falls back to localhost:4318, gzip and 10s', () => {
    expect(resolveTransport({ headers: {} }, readOtlpEnv({}), 'http/protobuf')).toEqual({
      url: DEFAULT_URL,
      headers: {},
      compression: 'gzip',
      timeoutMs: 10_000,
    });
  });
});
