import { isPermanent, isThrottled, retryDelayOf, type HttpResponse } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { encodePartialSuccess } from '../../test/support/proto-decode.js';
import { classifyResponse } from './classify.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const TARGET = 'http://otel:4318';

function res(status: number, headers: Record<string, string> = {}, body = ''): HttpResponse {
  return { status, headers, body: Buffer.from(body) };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('classifyResponse', () => {
  it('2xx with an empty body is a plain success', () => {
    expect(classifyResponse(res(200), 'http/protobuf', NOW, TARGET)).toEqual({});
    expect(classifyResponse(res(204), 'http/json', NOW, TARGET)).toEqual({});
  });

  it('2xx with partial_success reports the rejected points instead of failing', () => {
    const body = encodePartialSuccess(2, 'points too old');
    expect(classifyResponse({ status: 200, headers: {}, body }, 'http/protobuf', NOW, TARGET)).toEqual({
      rejectedPoints: 2,
      message: 'points too old',
    });
  });

  it.each([429, 502, 503, 504])('%d is retryable and carries Retry-After', (status) => {
    const err = thrown(() => classifyResponse(res(status, { 'retry-after': '7' }), 'http/protobuf', NOW, TARGET));
    expect(isPermanent(err)).toBe(false);
    expect(isThrottled(err)).toBe(status === 429);
    expect(retryDelayOf(err)).toBe(7_000);
    expect((err as Error).message).toContain(`HTTP ${status}`);
  });

  it('a retryable status without Retry-After leaves the delay to the backoff', () => {
    expect(retryDelayOf(thrown(() => classifyResponse(res(503), 'http/protobuf', NOW, TARGET)))).toBeUndefined();
  });

  it.each([400, 401, 403, 404, 413, 415, 500, 501, 301])('%d is permanent', (status) => {
    const err = thrown(() => classifyResponse(res(status, {}, 'unsupported path'), 'http/protobuf', NOW, TARGET));
    expect(isPermanent(err)).toBe(true);
    expect(err).toMatchObject({ code: `http_${status}` });
    expect((err as Error).message).toContain(`${TARGET} answered HTTP ${status}: unsupported path`);
  });
});
