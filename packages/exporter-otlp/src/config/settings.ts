import type { OtlpEnv } from './env.js';
import { appendMetricsPath } from './env.js';

export const DEFAULT_URL = 'http://localhost:4318/v1/metrics';
/** OTLP/gRPC's default (port 4317, plaintext), as in the OpenTelemetry SDKs. */
export const DEFAULT_GRPC_URL = 'http://localhost:4317';
export const DEFAULT_TIMEOUT_MS = 10_000;

export type WireProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/** The config keys that decide where and how requests go (a subset of the full exporter config). */
export interface TransportConfig {
  readonly endpoint?: string | undefined;
  readonly metrics_endpoint?: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly compression?: 'gzip' | 'none' | undefined;
  readonly timeout?: number | undefined;
}

export interface TransportSettings {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly compression: 'gzip' | 'none';
  readonly timeoutMs: number;
}

/**
 * Config first, then the `OTEL_EXPORTER_OTLP_*` variables, then defaults. Headers merge (config wins per
 * header), as the SDK merges user-provided headers over the environment's. Compression defaults to gzip, as
 * the Collector's otlphttp exporter does, because metric batches compress ~10×.
 */
export function resolveTransport(config: TransportConfig, env: OtlpEnv, protocol: WireProtocol): TransportSettings {
  // OTLP/gRPC names a host and port, never a path: both endpoints are used as they are (as the SDKs do).
  const grpc = protocol === 'grpc';
  const base = (endpoint: string | undefined): string | undefined =>
    endpoint === undefined || grpc ? endpoint : appendMetricsPath(endpoint);
  const url =
    config.metrics_endpoint ??
    base(config.endpoint) ??
    env.metricsEndpoint ??
    base(env.endpoint) ??
    (grpc ? DEFAULT_GRPC_URL : DEFAULT_URL);
  return {
    url,
    headers: { ...env.headers, ...config.headers },
    compression: config.compression ?? env.compression ?? 'gzip',
    timeoutMs: config.timeout ?? env.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}
