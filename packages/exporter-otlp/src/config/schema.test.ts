import { describe, expect, it } from 'vitest';
import { otlpConfigSchema } from './schema.js';

describe('otlpConfigSchema', () => {
  it('defaults an empty config', () => {
    const c = otlpConfigSchema.parse({});
    expect(c).toMatchObject({
      protocol: 'http/protobuf',
      headers: {},
      tls: { insecure_skip_verify: false },
      resource_attributes: {},
      temporality: 'delta',
      cumulative: { revision_window: 7_200_000, series_ttl: 604_800_000 },
    });
    expect(c.endpoint).toBeUndefined();
    expect(c.timeout).toBeUndefined();
    expect(c.compression).toBeUndefined();
    expect(c.sending_queue.enabled).toBe(true);
  });

  it('parses a full config', () => {
    const c = otlpConfigSchema.parse({
      protocol: 'http/json',
      endpoint: 'https://otlp.example:4318',
      headers: { authorization: 'Bearer x' },
      compression: 'none',
      timeout: '5s',
      tls: { ca_file: '/etc/ca.pem' },
      resource_attributes: { 'service.name': 'settle', shard: 2 },
      temporality: 'cumulative',
      cumulative: { revision_window: '30m' },
    });
    expect(c).toMatchObject({
      timeout: 5_000,
      cumulative: { revision_window: 1_800_000 },
      tls: { ca_file: '/etc/ca.pem' },
    });
  });

  it.each([
    [{ protocol: 'http/grpc' }, 'protocol'],
    [{ endpoint: 'localhost:4318' }, 'endpoint'],
    [{ endpoint: 'ftp://x' }, 'endpoint'],
    [{ compression: 'zstd' }, 'compression'],
    [{ temporality: 'rate' }, 'temporality'],
    [{ timeout: '10' }, 'timeout'],
    [{ tls: { verify: false } }, 'tls'],
  ])('rejects %j at %s', (input, path) => {
    const result = otlpConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(path);
  });
});
