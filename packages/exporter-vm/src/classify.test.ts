import { describe, expect, it } from 'vitest';
import { errorForStatus, parseRetryAfter } from './classify.js';

const NOW = Date.UTC(2026, 0, 1, 12);

describe('errorForStatus', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [404, false],
    [413, false],
    [415, false],
  ])('HTTP %d retryable: %s', (status, retryable) => {
    const err = errorForStatus(status, 'body text', undefined, NOW);
    expect(err.retryable).toBe(retryable);
    expect(err.code).toBe(`http_${status}`);
    expect(err.message).toBe(`HTTP ${status}: body text`);
  });

  it('carries Retry-After on retryable answers', () => {
    expect(errorForStatus(503, '', '7', NOW).retryAfterMs).toBe(7_000);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    [new Date(NOW + 90_000).toUTCString(), 90_000],
    [new Date(NOW - 5_000).toUTCString(), 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j ms', (header, ms) => {
    expect(parseRetryAfter(header, NOW)).toBe(ms);
  });
});
