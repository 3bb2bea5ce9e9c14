import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { Batch } from '@settle/core';
import { permanentError } from '@settle/core';
import { toResourceMetrics } from './to-resource-metrics.js';

export type Protocol = 'http/protobuf' | 'http/json';

export interface EncodedRequest {
  readonly body: Uint8Array;
  readonly contentType: string;
}

export interface ExportResponse {
  /** Points the receiver refused although the request succeeded (`partial_success`). */
  readonly rejectedPoints: number;
  readonly errorMessage: string | undefined;
}

const SERIALIZERS = {
  'http/protobuf': { serializer: ProtobufMetricsSerializer, contentType: 'application/x-protobuf' },
  'http/json': { serializer: JsonMetricsSerializer, contentType: 'application/json' },
} as const;

/** Encodes one export-shaped batch as an `ExportMetricsServiceRequest` body. */
export function encodeRequest(batch: Batch, protocol: Protocol): EncodedRequest {
  const { serializer, contentType } = SERIALIZERS[protocol];
  let body: Uint8Array | undefined;
  try {
    body = serializer.serializeRequest(toResourceMetrics(batch));
  } catch (err) {
    // Encoding the same batch again would fail the same way: never retry it.
    throw permanentError('otlp.encode', `cannot encode the batch as ${protocol}: ${String(err)}`, err);
  }
  if (body === undefined) throw permanentError('otlp.encode', `the ${protocol} serializer returned nothing`);
  return { body, contentType };
}

/**
 * Reads `partial_success` from a 2xx body. An empty or unreadable body counts as full success: the request
 * was accepted, and the spec allows receivers to answer with nothing.
 */
export function decodeResponse(body: Uint8Array, protocol: Protocol): ExportResponse {
  if (body.length === 0) return { rejectedPoints: 0, errorMessage: undefined };
  try {
    const partial = SERIALIZERS[protocol].serializer.deserializeResponse(body).partialSuccess;
    const rejected = Number(partial?.rejectedDataPoints ?? 0);
    const message = partial?.errorMessage;
    return {
      rejectedPoints: Number.isFinite(rejected) ? rejected : 0,
      errorMessage: message === undefined || message === '' ? undefined : message,
    };
  } catch {
    return { rejectedPoints: 0, errorMessage: undefined };
  }
}
