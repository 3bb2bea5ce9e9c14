import { describe, expect, it } from 'vitest';
import { backoffDelay, batches, liveWindow, nextChunk, queriesPerPoll, sustainableInterval } from './schedule.js';

const T = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('lane scheduling', () => {
  it('live window starts on the minute `lookback` ago and ends now, at whole seconds', () => {
    expect(liveWindow(T + 45_678, 600_000)).toEqual({ sinceMs: T - 600_000, untilMs: T + 45_000 });
  });

  it('backfill walks in chunks and stops at the live window start', () => {
    const stop = T;
    expect(nextChunk(T - 25 * 60_000, 600_000, stop)).toEqual({ sinceMs: T - 25 * 60_000, untilMs: T - 15 * 60_000 });
    expect(nextChunk(T - 5 * 60_000, 600_000, stop)).toEqual({ sinceMs: T - 5 * 60_000, untilMs: T });
    expect(nextChunk(T, 600_000, stop)).toBeUndefined();
    expect(nextChunk(T + 60_000, 600_000, stop)).toBeUndefined();
  });

  it('batches zones 10 per query: 25 zones → 3 queries', () => {
    const zones = Array.from({ length: 25 }, (_, i) => i);
    expect(batches(zones, 10).map((b) => b.length)).toEqual([10, 10, 5]);
    expect(queriesPerPoll([25, 25], 10)).toBe(6);
  });

  it('spaces polls out when one poll needs more queries than the quota allows at that pace', () => {
    // 300 zones, 2 datasets = 60 queries per poll; 300 per 5 min allows one poll per minute, and live keeps
    // 10 % of the quota free: one poll every 66.7 s.
    expect(sustainableInterval(60, 300, 300_000, 30_000)).toBe(66_667);
    // 30 queries every 30 s is exactly the quota: allowed as configured.
    expect(sustainableInterval(30, 300, 300_000, 30_000)).toBe(30_000);
    expect(sustainableInterval(6, 300, 300_000, 30_000)).toBe(30_000);
  });

  it("backs off on core's backoff: doubling, capped, ± 50 % jitter", () => {
    expect(backoffDelay(1, 1_000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(3, 1_000, 60_000, () => 0.5)).toBe(4_000);
    expect(backoffDelay(3, 1_000, 60_000, () => 1)).toBe(6_000);
    expect(backoffDelay(30, 1_000, 60_000, () => 0.5)).toBe(60_000);
    expect(backoffDelay(5_000, 1_000, 60_000, () => 1)).toBe(90_000);
  });
});
