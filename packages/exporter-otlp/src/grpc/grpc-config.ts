import type { ComponentContext, ConfigCheckProblem } from '@settle/core';
import type { OtlpConfig } from '../config/schema.js';
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
