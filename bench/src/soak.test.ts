import { describe, expect, it } from 'vitest';
import { faultBursts } from './soak-plan.js';
import { flatness, type ResourceSample } from './soak-resources.js';

const sample = (minute: number, rssMiB: number, handles = 4): ResourceSample => ({
  minute,
  rssMiB,
  heapMiB: 0,
  handles,
  fds: handles,
  byType: {},
});

describe('soak helpers', () => {
  it('judges flatness after the warm-up only, with slack for small counts', () => {
    const warm = [sample(0, 40), sample(5, 90)];
    expect(flatness([...warm, sample(15, 100), sample(30, 110), sample(60, 118)], (s) => s.rssMiB, 15)).toMatchObject({
      start: 100,
      end: 118,
      max: 118,
      flat: true,
    });
    const leak = [...warm, sample(15, 100), sample(30, 110), sample(45, 120), sample(60, 130)];
    const judged = flatness(leak, (s) => s.rssMiB, 15);
    expect(judged.flat).toBe(false);
    expect(judged.slopePerHour).toBeCloseTo(40, 0);
    const handles = [sample(15, 0, 4), sample(60, 0, 7)];
    expect(flatness(handles, (s) => s.handles, 15, 0.2, 3).flat).toBe(true);
    expect(flatness([...handles, sample(61, 0, 8)], (s) => s.handles, 15, 0.2, 3).flat).toBe(false);
  });

  it('scripts bursts in time order, each quota stall followed by clean minutes before the next one', () => {
    const start = Date.UTC(2026, 0, 1);
    const bursts = faultBursts(start, 60 * 60_000);
    expect(bursts.map((b) => b.atMs)).toEqual([...bursts.map((b) => b.atMs)].sort((a, b) => a - b));
    expect(bursts.every((b) => b.atMs >= start && b.atMs < start + 60 * 60_000)).toBe(true);
    // Stalls from 429s: Retry-After 60 s per quota reply, 300 s for the budget one.
    const stalls = bursts
      .filter((b) => b.kind === 'quota' || b.kind === 'budget')
      .map((b) => ({ from: b.atMs, to: b.atMs + b.count * (b.kind === 'budget' ? 300_000 : 60_000) }));
    expect(stalls.length).toBeGreaterThanOrEqual(6);
    for (let i = 1; i < stalls.length; i++)
      expect(stalls[i]!.from - stalls[i - 1]!.to).toBeGreaterThanOrEqual(4 * 60_000);
  });
});
