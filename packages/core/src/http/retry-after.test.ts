import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it.each<[string | string[], number]>([
    ['0', 0],
    ['7', 7_000],
    ['120', 120_000],
    [' 3 ', 3_000],
    ['300', MAX_RETRY_AFTER_MS],
    ['301', MAX_RETRY_AFTER_MS], // clamped
    ['99999999', MAX_RETRY_AFTER_MS], // would park a component for three years
    ['9'.repeat(400), MAX_RETRY_AFTER_MS], // Number() gives Infinity
    [['5', '9'], 5_000], // a repeated header: the first one counts
    ['Thu, 01 Jan 2026 12:00:30 GMT', 30_000],
    ['Thu, 01 Jan 2026 11:59:00 GMT', 0], // in the past: now
    ['Fri, 01 Jan 2100 00:00:00 GMT', MAX_RETRY_AFTER_MS], // far future: clamped
  ])('%j → %d ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([undefined, null, '', '   ', 'soon', '-5', '1.5', '1e3', '0x10', 'Thu, 99 Foo 2026', '12:00:30', []])(
    '%j is ignored (undefined: the caller backs off)',
    (value) => {
      expect(parseRetryAfter(value as string | undefined, NOW)).toBeUndefined();
    },
  );

  it('measures a date from the injected now, not the wall clock', () => {
    const date = 'Thu, 01 Jan 2026 12:01:00 GMT';
    expect(parseRetryAfter(date, NOW)).toBe(60_000);
    expect(parseRetryAfter(date, NOW + 45_000)).toBe(15_000);
  });

  it('takes a smaller maximum when the caller states one', () => {
    expect(parseRetryAfter('600', NOW, 60_000)).toBe(60_000);
  });
});
