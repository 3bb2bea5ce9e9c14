import { SettleError } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { encodePartialSuccess } from '../../test/support/proto-decode.js';
import { classifyError, classifyResponse, parseRetryAfter } from './classify.js';
import type { HttpResponse } from './http-post.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function res(status: number, headers: Record<string, string> = {}, body = ''): HttpResponse {
  return { status, headers, body: Buffer.from(body) };
}

function thrown(fn: () => unknown): SettleError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SettleError) return err;
    throw err;
  }
  throw new Error('expected a SettleError');
}

describe('classifyResponse', () => {
  it('2xx with an empty body is a plain success', () => {
    expect(classifyResponse(res(200), 'http/protobuf', NOW)).toEqual({});
    expect(classifyResponse(res(204), 'http/json', NOW)).toEqual({});
  });

  it('2xx with partial_success reports the rejected points instead of failing', () => {
    const body = encodePartialSuccess(2, 'points too old');
    expect(classifyResponse({ status: 200, headers: {}, body }, 'http/protobuf', NOW)).toEqual({
      rejectedPoints: 2,
      message: 'points too old',
    });
  });

  it.each([429, 502, 503, 504])('%d is retryable and carries Retry-After', (status) => {
    const err = thrown(() => classifyResponse(res(status, { 'retry-after': '7' }), 'http/protobuf', NOW));
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(7_000);
    expect(err.message).toContain(`HTTP ${status}`);
  });

  it('a retryable status without Retry-After leaves the delay to the backoff', () => {
    expect(thrown(() => classifyResponse(res(503), 'http/protobuf', NOW)).retryAfterMs).toBeUndefined();
  });

  it.each([400, 401, 403, 404, 413, 415, 500, 501, 301])('%d is permanent', (status) => {
    const err = thrown(() => classifyResponse(res(status, {}, 'unsupported path'), 'http/protobuf', NOW));
    expect(err.retryable).toBe(false);
    expect(err.code).toBe('otlp.http_permanent');
    expect(err.message).toContain(`HTTP ${status}: unsupported path`);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['120', 120_000],
    [' 3 ', 3_000],
    ['Thu, 01 Jan 2026 12:00:30 GMT', 30_000],
    ['Thu, 01 Jan 2026 11:59:00 GMT', 0],
  ])('%j → %d ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([undefined, '', 'soon', '-5', '1.5'])('%j → undefined', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('classifyError', () => {
  it('connection failures are retryable', () => {
    const err = classifyError(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      'u',
    );
    expect(err).toMatchObject({ retryable: true, code: 'otlp.connection' });
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('aborts (timeout, shutdown) are retryable', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    expect(classifyError(abort, 'u')).toMatchObject({ retryable: true, code: 'otlp.aborted' });
  });

  it('TLS verification failures are permanent', () => {
    const tls = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(classifyError(tls, 'https://x')).toMatchObject({ retryable: false, code: 'otlp.tls' });
  });
});
