import { describe, expect, it } from 'vitest';
import { classifyMessage, classifyStatus, worstOf } from './classify.js';

describe('classifyMessage', () => {
  it.each([
    ['unable to execute query, please try again later', 'retry'],
    ['too many queries in progress, please try again later', 'retry'],
    ['cannot request data older than 2678400s', 'bad_query'],
    ['query time range is too large: 86400s > 3600s', 'bad_query'],
    ['limit must be positive number and not greater than 10000', 'bad_query'],
    ["number of fields can't be more than 30", 'bad_query'],
    ['error parsing args: unknown field foo', 'bad_query'],
    ['scalar fields must have not selections', 'bad_query'],
    ['Cannot query field "nope" on type "zone".', 'bad_query'],
    ["zone 'abc' does not have access to the path", 'skip'],
    ['httpRequestsAdaptiveGroups is not available for your plan. Upgrade to Enterprise', 'skip'],
    ['quota exceeded, please repeat your request in the next minute', 'rate_limited'],
    ['rate limiter budget depleted, try again after 5 minutes', 'rate_limited'],
    ['limit reached, please try reduced time period', 'rate_limited'],
    ['authentication error', 'auth'],
    ['Invalid API Token', 'auth'],
    ['something nobody has seen before', 'bad_query'],
  ])('%s → %s', (message, cls) => {
    expect(classifyMessage(message).class).toBe(cls);
  });

  it('reads the wait out of rate-limit messages', () => {
    expect(classifyMessage('quota exceeded, please repeat your request in the next minute').retryAfterMs).toBe(60_000);
    expect(classifyMessage('rate limiter budget depleted, try again after 5 minutes').retryAfterMs).toBe(300_000);
    expect(classifyMessage('rate limiter budget depleted, try again after 99999 minutes').retryAfterMs).toBe(300_000);
  });
});

describe('classifyStatus', () => {
  const now = Date.UTC(2026, 0, 1);
  it.each([
    [429, 'rate_limited'],
    [401, 'auth'],
    [403, 'auth'],
    [400, 'bad_query'],
    [404, 'bad_query'],
    [413, 'bad_query'],
    [408, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [520, 'retry'],
    [524, 'retry'],
    [530, 'retry'],
    [501, 'bad_query'], // not implemented: asking again cannot help
    [505, 'bad_query'],
  ])('HTTP %d → %s', (status, cls) => {
    expect(classifyStatus(status, null, now).class).toBe(cls);
  });

  it('honours Retry-After in seconds and as a date', () => {
    expect(classifyStatus(429, '7', now).retryAfterMs).toBe(7_000);
    expect(classifyStatus(429, new Date(now + 30_000).toUTCString(), now).retryAfterMs).toBe(30_000);
    expect(classifyStatus(429, null, now).retryAfterMs).toBeUndefined(); // the caller backs off
    expect(classifyStatus(429, '99999999', now).retryAfterMs).toBe(300_000); // clamped by core's parser
    expect(classifyStatus(503, '2', now).retryAfterMs).toBe(2_000);
  });

  it('parses nothing out of junk', () => {
    expect(classifyStatus(429, 'soon', now).retryAfterMs).toBeUndefined();
    expect(classifyStatus(503, '', now).retryAfterMs).toBeUndefined();
  });
});

describe('worstOf', () => {
  it('lets auth beat rate limits beat retries beat bad queries beat skips', () => {
    expect(worstOf([{ class: 'skip' }, { class: 'bad_query' }])?.class).toBe('bad_query');
    expect(worstOf([{ class: 'retry' }, { class: 'rate_limited' }, { class: 'skip' }])?.class).toBe('rate_limited');
    expect(worstOf([{ class: 'rate_limited' }, { class: 'auth' }])?.class).toBe('auth');
    expect(worstOf([])).toBeUndefined();
  });
});
