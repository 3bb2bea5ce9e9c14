import { describe, expect, it } from 'vitest';
import { TIME_DIMENSION } from '../datasets/types.js';
import { pageOf } from './paging.js';

const T = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;
const row = (ms: number, n = 0) => ({ dimensions: { [TIME_DIMENSION]: new Date(ms).toISOString() }, n });
const range = { sinceMs: T, untilMs: T + 10 * MIN };

describe('pageOf', () => {
  it('keeps a reply shorter than the limit whole', () => {
    const rows = [row(T), row(T + MIN)];
    expect(pageOf(rows, 3, range)).toEqual({ rows, next: undefined, truncated: false });
  });

  it('drops the last minute of a full reply and asks again from it', () => {
    const rows = [row(T, 1), row(T + MIN, 2), row(T + 2 * MIN, 3), row(T + 2 * MIN, 4)];
    expect(pageOf(rows, 4, range)).toEqual({
      rows: [row(T, 1), row(T + MIN, 2)],
      next: { sinceMs: T + 2 * MIN, untilMs: T + 10 * MIN },
      truncated: false,
    });
  });

  it('keeps a full reply of a single minute (at the range start) and says it is truncated', () => {
    const rows = [row(T, 1), row(T, 2)];
    expect(pageOf(rows, 2, range)).toEqual({ rows, next: undefined, truncated: true });
  });

  it('treats a full reply without readable times as truncated rather than looping', () => {
    const rows = [{ n: 1 }, { dimensions: { [TIME_DIMENSION]: 'not a time' } }];
    expect(pageOf(rows, 2, range)).toEqual({ rows, next: undefined, truncated: true });
  });
});
