import { bodySnippet, errorForStatus, type HttpResponse } from '@settle/core';
import { decodeResponse, type Protocol } from '../encode/encode-request.js';

/** What a delivered request tells the exporter helper (mirrors the helper's SendResult). */
export interface Delivered {
  readonly rejectedPoints?: number;
  readonly message?: string;
}

/**
 * OTLP's layer on core's classification: a 2xx may carry `partial_success` (points the receiver rejected,
 * never retried); any other status is core's default table, which is the OTLP/HTTP spec's (429 throttled,
 * 502/503/504 retryable with Retry-After, everything else permanent, 500 included).
 */
export function classifyResponse(res: HttpResponse, protocol: Protocol, nowMs: number, target: string): Delivered {
  const error = errorForStatus({ ...res, target, detail: bodySnippet(res.body), nowMs });
  if (error !== undefined) throw error;
  return deliveredFrom(res.body, protocol);
}

/**
 * What an accepted request's `ExportMetricsServiceResponse` says: points rejected by `partial_success` (counted
 * and logged by the helper, never retried) and the receiver's message. OTLP/HTTP and OTLP/gRPC alike.
 */
export function deliveredFrom(body: Uint8Array, protocol: Protocol): Delivered {
  const { rejectedPoints, errorMessage } = decodeResponse(body, protocol);
  if (rejectedPoints <= 0 && errorMessage === undefined) return {};
  return {
    ...(rejectedPoints > 0 ? { rejectedPoints } : {}),
    ...(errorMessage === undefined ? {} : { message: errorMessage }),
  };
}
