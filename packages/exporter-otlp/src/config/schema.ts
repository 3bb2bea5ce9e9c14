import { deliveryConfigShape, duration, endpointUrl } from '@settle/core';
import { z } from 'zod';

const httpUrl = endpointUrl();

/**
 * The `otlp` exporter's own settings. Everything is optional: an empty config sends protobuf to
 * `OTEL_EXPORTER_OTLP_*` or http://localhost:4318/v1/metrics, like any OpenTelemetry SDK would.
 */
export const otlpOwnConfigShape = {
  protocol: z
    .enum(['http/protobuf', 'http/json', 'grpc'])
    .default('http/protobuf')
    .describe('OTLP/HTTP with a protobuf or JSON body, or OTLP/gRPC (protobuf)'),
  endpoint: httpUrl
    .optional()
    .describe('base URL; "/v1/metrics" is appended for http/*; for grpc: http(s)://host:port, used as is'),
  metrics_endpoint: httpUrl.optional().describe('full metrics URL, used as is (wins over endpoint)'),
  headers: z
    .record(z.string(), z.string())
    .default({})
    .describe(
      'extra request headers (gRPC: call metadata), e.g. authorization; merged over OTEL_EXPORTER_OTLP_HEADERS',
    ),
  compression: z
    .enum(['gzip', 'none'])
    .optional()
    .describe('request body compression; default OTEL_EXPORTER_OTLP_COMPRESSION, else gzip'),
  // Optional here (unlike the delivery default) so that OTEL_EXPORTER_OTLP_TIMEOUT applies when it is absent.
  timeout: duration({ min: 1 })
    .optional()
    .describe('per-request timeout; default OTEL_EXPORTER_OTLP_TIMEOUT, else 10s'),
  tls: z
    .strictObject({
      ca_file: z.string().min(1).optional().describe('PEM file of the CA(s) to trust besides the system ones'),
      insecure_skip_verify: z.boolean().default(false).describe('do not verify the server certificate (testing only)'),
      insecure: z
        .boolean()
        .default(false)
        .describe("plaintext, no TLS (the Collector's spelling); an http:// endpoint already means it"),
    })
    .prefault({}),
  resource_attributes: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .default({})
    .describe('resource attributes merged over (and winning against) each batch resource'),
  temporality: z
    .enum(['delta', 'cumulative', 'gauge'])
    .default('delta')
    .describe('how per-bucket (delta) sums are exported'),
  cumulative: z
    .strictObject({
      revision_window: duration({ min: 60_000, max: 366 * 86_400_000 }) // an age, never a timer
        .prefault('2h')
        .describe('how far back a bucket can still be revised; older unseen buckets are dropped'),
      series_ttl: duration({ min: 60_000, max: 366 * 86_400_000 }) // an age, never a timer
        .prefault('7d')
        .describe('series without a bucket for this long are forgotten (they restart from 0 if they return)'),
    })
    .prefault({}),
};

export const otlpConfigSchema = z.object({ ...deliveryConfigShape, ...otlpOwnConfigShape });

export type OtlpConfig = z.output<typeof otlpConfigSchema>;
