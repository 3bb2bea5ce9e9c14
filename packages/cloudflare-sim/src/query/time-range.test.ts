import { describe, expect, it } from 'vitest';
import { QueryError } from './query-error.js';
import { checkLimit, filterBounds, minutesToScan } from './time-range.js';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 30);
const limits = { maxDurationMs: 3_600_000, notOlderThanMs: 86_400_000 };
const t = (iso: string) => Date.parse(iso);

describe('time range of a filter', () => {
  it('reads bounds from the top level and AND, not OR', () => {
    expect(filterBounds({ datetime_geq: '2026-01-10T11:00:00Z', datetime_lt: '2026-01-10T11:10:00Z' })).toEqual({
      lo: t('2026-01-10T11:00:00Z'),
      hi: t('2026-01-10T11:10:00Z'),
    });
    expect(filterBounds({ datetime: '2026-01-10T11:00:00Z' })).toEqual({
      lo: t('2026-01-10T11:00:00Z'),
      hi: t('2026-01-10T11:01:00Z'),
    });
    expect(
      filterBounds({
        AND: [{ datetimeMinute_geq: '2026-01-10T11:00:00Z' }],
        OR: [{ datetime_lt: '2026-01-10T11:30:00Z' }],
      }),
    ).toEqual({
      lo: t('2026-01-10T11:00:00Z'),
    });
    expect(filterBounds({ date: '2026-01-10' })).toEqual({
      lo: t('2026-01-10T00:00:00Z'),
      hi: t('2026-01-11T00:00:00Z'),
    });
  });

  it('lists the minutes to scan, up to now', () => {
    expect(minutesToScan({ datetime_geq: '2026-01-10T11:58:00Z' }, NOW, limits)).toEqual([
      t('2026-01-10T11:58:00Z'),
      t('2026-01-10T11:59:00Z'),
      t('2026-01-10T12:00:00Z'),
    ]);
  });

  it.each([
    [
      { datetime_geq: '2026-01-10T10:00:00Z', datetime_lt: '2026-01-10T11:00:01Z' },
      'query time range is too large, max duration is 3600s',
    ],
    [
      { datetime_geq: '2026-01-09T11:00:00Z', datetime_lt: '2026-01-09T11:30:00Z' },
      'cannot request data older than 86400s',
    ],
    [{}, /^query time range is too large/],
  ])('refuses %j', (filter, message) => {
    expect(() => minutesToScan(filter, NOW, limits)).toThrow(message);
  });

  it('checks limit like Cloudflare', () => {
    expect(checkLimit(10_000)).toBe(10_000);
    for (const bad of [0, -1, 10_001, 1.5]) {
      expect(() => checkLimit(bad)).toThrow(
        new QueryError('limit must be positive number and not greater than 10000', 400),
      );
    }
  });
});
