import { errorForStatus, isPermanent, isThrottled, retryDelayOf } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { VM_STATUSES } from './classify.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const fail = (status: number, retryAfter?: string) =>
  errorForStatus({
    status,
    headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
    target: 'http://vm:8428',
    detail: 'body text',
    nowMs: NOW,
    table: VM_STATUSES,
  });

describe('VictoriaMetrics statuses on core classification', () => {
  it.each([
    [429, true],
    [500, true], // VictoriaMetrics' override: transient storage trouble
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [404, false],
    [413, false],
    [415, false],
    [501, false],
  ])('HTTP %d retryable: %s', (status, retryable) => {
    const err = fail(status);
    expect(isPermanent(err)).toBe(!retryable);
    expect(err?.code).toBe(`http_${status}`);
    expect(err?.message).toBe(`http://vm:8428 answered HTTP ${status}: body text`);
  });

  it('carries a clamped Retry-After; 429 is throttled', () => {
    expect(retryDelayOf(fail(503, '7'))).toBe(7_000);
    expect(retryDelayOf(fail(429, '99999999'))).toBe(300_000);
    expect(isThrottled(fail(429))).toBe(true);
  });
});
