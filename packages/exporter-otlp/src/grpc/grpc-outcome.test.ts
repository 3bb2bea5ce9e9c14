import { status as Status } from '@grpc/grpc-js';
import { isPermanent, isThrottled, MAX_RETRY_AFTER_MS, retryDelayOf } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { errorForGrpcStatus } from './grpc-outcome.js';
import type { RetryHint } from './status-details.js';

const NO_HINT: RetryHint = { hasRetryInfo: false, delayMs: undefined };
const TARGET = 'http://otel:4317';
type Outcome = 'retryable' | 'permanent' | 'throttled';

function outcome(
  code: Status,
  retry: RetryHint = NO_HINT,
): { outcome: Outcome; code: string; delay: number | undefined } {
  const err = errorForGrpcStatus({ code, details: 'x', retry, target: TARGET });
  const kind = isThrottled(err) ? 'throttled' : isPermanent(err) ? 'permanent' : 'retryable';
  return { outcome: kind, code: err.code, delay: retryDelayOf(err) };
}

describe('errorForGrpcStatus: the OTLP/gRPC table', () => {
  it.each<[Status, Outcome]>([
    [Status.CANCELLED, 'retryable'],
    [Status.UNKNOWN, 'permanent'],
    [Status.INVALID_ARGUMENT, 'permanent'],
    [Status.DEADLINE_EXCEEDED, 'retryable'],
    [Status.NOT_FOUND, 'permanent'],
    [Status.ALREADY_EXISTS, 'permanent'],
    [Status.PERMISSION_DENIED, 'permanent'],
    [Status.RESOURCE_EXHAUSTED, 'permanent'],
    [Status.FAILED_PRECONDITION, 'permanent'],
    [Status.ABORTED, 'retryable'],
    [Status.OUT_OF_RANGE, 'retryable'],
    [Status.UNIMPLEMENTED, 'permanent'],
    [Status.INTERNAL, 'permanent'],
    [Status.UNAVAILABLE, 'retryable'],
    [Status.DATA_LOSS, 'retryable'],
    [Status.UNAUTHENTICATED, 'permanent'],
  ])('code %i without RetryInfo is %s', (code, want) => {
    const got = outcome(code);
    expect(got.outcome).toBe(want);
    expect(got.code).toBe(`grpc_${Status[code].toLowerCase()}`);
    expect(got.delay).toBeUndefined();
  });

  it('RESOURCE_EXHAUSTED with a RetryInfo is throttled, with or without a delay', () => {
    expect(outcome(Status.RESOURCE_EXHAUSTED, { hasRetryInfo: true, delayMs: 3_000 })).toEqual({
      outcome: 'throttled',
      code: 'grpc_resource_exhausted',
      delay: 3_000,
    });
    expect(outcome(Status.RESOURCE_EXHAUSTED, { hasRetryInfo: true, delayMs: undefined }).outcome).toBe('throttled');
  });

  it('a RetryInfo on UNAVAILABLE is the throttling signal; its delay is clamped like Retry-After', () => {
    expect(outcome(Status.UNAVAILABLE, { hasRetryInfo: true, delayMs: 30_000 })).toMatchObject({
      outcome: 'throttled',
      delay: 30_000,
    });
    expect(outcome(Status.UNAVAILABLE, { hasRetryInfo: true, delayMs: 86_400_000 }).delay).toBe(MAX_RETRY_AFTER_MS);
  });

  it('a RetryInfo never makes a permanent code retryable', () => {
    expect(outcome(Status.INVALID_ARGUMENT, { hasRetryInfo: true, delayMs: 1_000 }).outcome).toBe('permanent');
  });

  it('a certificate failure reported as UNAVAILABLE is permanent tls_failed', () => {
    const err = errorForGrpcStatus({
      code: Status.UNAVAILABLE,
      details: 'No connection established. Last error: Error: self-signed certificate',
      retry: NO_HINT,
      target: TARGET,
    });
    expect([err.code, isPermanent(err)]).toEqual(['tls_failed', true]);
    expect(err.message).toMatch(/tls\.ca_file/);
  });

  it("a server's own UNAVAILABLE that mentions a certificate stays retryable", () => {
    const err = errorForGrpcStatus({
      code: Status.UNAVAILABLE,
      details: 'certificate store reloading, try again',
      retry: NO_HINT,
      target: TARGET,
    });
    expect([err.code, isPermanent(err)]).toEqual(['grpc_unavailable', false]);
  });

  it('says who answered what', () => {
    const err = errorForGrpcStatus({ code: Status.INVALID_ARGUMENT, details: 'bad', retry: NO_HINT, target: TARGET });
    expect(err.message).toBe('http://otel:4317 answered gRPC INVALID_ARGUMENT: bad');
  });
});
