import { MAX_RETRY_AFTER_MS, permanentError, retryableError, throttledError, type SettleError } from '@settle/core';
import { status as Status } from '@grpc/grpc-js';
import type { RetryHint } from './status-details.js';

/**
 * The OTLP/gRPC spec's table ("OTLP/gRPC Response", Failures): these codes are retryable, RESOURCE_EXHAUSTED only
 * when the server sends a RetryInfo (it says recovery is possible), every other code is permanent.
 */
const RETRYABLE: ReadonlySet<Status> = new Set([
  Status.CANCELLED,
  Status.DEADLINE_EXCEEDED,
  Status.ABORTED,
  Status.OUT_OF_RANGE,
  Status.UNAVAILABLE,
  Status.DATA_LOSS,
]);

/**
 * A TLS verification or handshake failure, as grpc-js words it in an UNAVAILABLE status of its own (it starts
 * "No connection established"): a server's own UNAVAILABLE mentioning a certificate stays retryable.
 */
const LOCAL_CONNECT_FAILURE = /^No connection established/;
const TLS_FAILURE =
  /certificate|self[- ]signed|unable to verify|CERT_|ERR_TLS|ERR_SSL|SSL routines|wrong version number/i;

export interface GrpcFailure {
  readonly code: Status;
  readonly details: string;
  readonly retry: RetryHint;
  /** Who was called, safe to log (no credentials). */
  readonly target: string;
}

/** `UNAVAILABLE` → `grpc_unavailable`: the codes settle logs and counts. */
export function grpcCodeName(code: Status): string {
  const name = (Status as unknown as Record<number, string | undefined>)[code];
  return `grpc_${(name ?? String(code)).toLowerCase()}`;
}

/**
 * The SettleError for a failed call. A RetryInfo on a retryable code is the spec's throttling signal ("OTLP/gRPC
 * Throttling"): the error is throttled and carries `retry_delay` (clamped like Retry-After) for the exporter
 * helper to wait; without one the helper's backoff decides. A certificate or handshake failure is reported by
 * grpc-js as UNAVAILABLE, yet no retry can fix it: it is permanent (`tls_failed`), as for OTLP/HTTP.
 */
export function errorForGrpcStatus(f: GrpcFailure): SettleError {
  const code = grpcCodeName(f.code);
  const message = `${f.target} answered gRPC ${code.slice(5).toUpperCase()}${f.details === '' ? '' : `: ${f.details}`}`;
  if (f.code === Status.UNAVAILABLE && LOCAL_CONNECT_FAILURE.test(f.details) && TLS_FAILURE.test(f.details)) {
    return permanentError(
      'tls_failed',
      `TLS with ${f.target} failed (${f.details}); trust its CA with tls.ca_file, or check the endpoint's scheme and host`,
    );
  }
  const delayMs = f.retry.delayMs === undefined ? undefined : Math.min(f.retry.delayMs, MAX_RETRY_AFTER_MS);
  const retryable = RETRYABLE.has(f.code) || (f.code === Status.RESOURCE_EXHAUSTED && f.retry.hasRetryInfo);
  if (!retryable) return permanentError(code, message);
  if (f.retry.hasRetryInfo) return throttledError(code, message, delayMs);
  return retryableError(code, message);
}
