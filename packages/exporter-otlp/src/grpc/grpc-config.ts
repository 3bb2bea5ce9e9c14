import { SettleError, type ComponentContext, type ConfigCheckProblem } from '@settle/core';
import type { OtlpConfig } from '../config/schema.js';
import type { TransportSettings } from '../config/settings.js';
import { grpcHeaderProblem } from './grpc-sender.js';

/**
 * gRPC's default cap on a received message, which the Collector's OTLP receiver keeps (`max_recv_msg_size_mib: 4`)
 * and checks after decompression: a bigger request is refused with RESOURCE_EXHAUSTED, permanently.
 */
export const GRPC_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Transport settings that parse but cannot work, reported by `settle validate` with their YAML path. */
export function checkTransport(config: OtlpConfig): ConfigCheckProblem[] {
  const problems: ConfigCheckProblem[] = [];
  for (const key of ['endpoint', 'metrics_endpoint'] as const) {
    const value = config[key];
    if (value === undefined) continue;
    const url = new URL(value);
    if (config.tls.insecure && url.protocol === 'https:') {
      problems.push({
        path: ['tls', 'insecure'],
        message: `plaintext was asked for, but ${key} is https://; use http:// for plaintext or drop insecure`,
      });
    }
    if (config.protocol === 'grpc' && (url.pathname !== '/' || url.search !== '')) {
      problems.push({
        path: [key],
        message: `OTLP/gRPC takes http(s)://host:port only (no path): got "${value}"`,
      });
    }
  }
  if (config.protocol === 'grpc') {
    for (const [key, value] of Object.entries(config.headers)) {
      const problem = grpcHeaderProblem(key, value);
      if (problem !== undefined) problems.push({ path: ['headers', key], message: problem });
    }
  }
  return problems;
}

/**
 * The same rules on what the environment added (`OTEL_EXPORTER_OTLP_ENDPOINT`, `..._HEADERS`), which `check`
 * cannot see: a mistake there stops the exporter at start with one line naming the key.
 */
export function assertResolvedTransport(id: string, config: OtlpConfig, transport: TransportSettings): void {
  const fail = (key: string, message: string): never => {
    throw new SettleError('otlp.config', `exporters.${id}.${key}: ${message}`, { retryable: false });
  };
  if (config.tls.insecure && transport.url.startsWith('https:')) {
    fail('tls.insecure', `plaintext was asked for, but the endpoint ${transport.url} is https://`);
  }
  if (config.protocol !== 'grpc') return;
  for (const [key, value] of Object.entries(transport.headers)) {
    const problem = grpcHeaderProblem(key, value);
    if (problem !== undefined) fail('headers', `${problem} (from the config or OTEL_EXPORTER_OTLP_HEADERS)`);
  }
}

/**
 * Requests over gRPC are split at 4 MiB (estimated protobuf size) whatever `batch.max_bytes` says, so the
 * default 8 MiB batch is not refused whole by a receiver with gRPC's default message limit.
 */
export function grpcBatch(ctx: ComponentContext, batch: OtlpConfig['batch']): OtlpConfig['batch'] {
  if (batch.max_bytes <= GRPC_MAX_MESSAGE_BYTES) return batch;
  ctx.logger.debug(
    { max_bytes: GRPC_MAX_MESSAGE_BYTES },
    'grpc: requests are split at 4 MiB, the default gRPC message limit of OTLP receivers',
  );
  return { ...batch, max_bytes: GRPC_MAX_MESSAGE_BYTES };
}
