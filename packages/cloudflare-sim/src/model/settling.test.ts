import { describe, expect, it } from 'vitest';
import { settleSchedule, stepAt } from './settling.js';

const MINUTE0 = Date.UTC(2026, 0, 1);
const schedules = Array.from({ length: 3000 }, (_, i) => settleSchedule(1, i % 7, MINUTE0 + i * 60_000));

describe('settleSchedule', () => {
  it('settles most minutes 2–3 min after their end, with a tail up to 6 min', () => {
    const delays = schedules.map((s) => s.delay);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(120);
    expect(Math.max(...delays)).toBeLessThanOrEqual(360);
    const within3 = delays.filter((d) => d <= 180).length / delays.length;
    expect(within3).toBeGreaterThan(0.7);
    expect(within3).toBeLessThan(0.8);
    expect(delays.filter((d) => d > 270).length).toBeGreaterThan(0);
  });

  it('rises in strictly increasing steps to exactly 1 at the delay, starting while the minute runs', () => {
    for (const s of schedules) {
      expect(s.ages[0]).toBeLessThan(0);
      expect(s.ages[s.ages.length - 1]).toBe(s.delay);
      expect(s.levels[s.levels.length - 1]).toBe(1);
      for (let k = 1; k < s.ages.length; k++) {
        expect(s.ages[k]).toBeGreaterThan(s.ages[k - 1]!);
        expect(s.levels[k]).toBeGreaterThan(s.levels[k - 1]!);
      }
    }
  });

  it('sometimes holds a level longer than a 30 s poll, sometimes changes twice between polls', () => {
    const gaps = schedules.flatMap((s) => s.ages.slice(1).map((a, k) => a - s.ages[k]!));
    expect(gaps.some((g) => g > 30)).toBe(true);
    expect(gaps.some((g) => g < 30)).toBe(true);
    // Tail minutes plateau for 100 s or more just before their last step.
    const tail = schedules.filter((s) => s.delay > 270);
    expect(tail.every((s) => s.delay - s.ages[s.ages.length - 2]! >= 100)).toBe(true);
  });

  it('stepAt finds the visible step, -1 before the first', () => {
    const s = schedules[0]!;
    expect(stepAt(s, s.ages[0]! - 1)).toBe(-1);
    expect(stepAt(s, s.ages[0]!)).toBe(0);
    expect(stepAt(s, s.delay - 0.5)).toBe(s.ages.length - 2);
    expect(stepAt(s, 10_000)).toBe(s.ages.length - 1);
  });

  it('is a pure function of (seed, zone, minute)', () => {
    expect(settleSchedule(1, 3, MINUTE0)).toEqual(settleSchedule(1, 3, MINUTE0));
    expect(settleSchedule(2, 3, MINUTE0)).not.toEqual(settleSchedule(1, 3, MINUTE0));
  });
});
