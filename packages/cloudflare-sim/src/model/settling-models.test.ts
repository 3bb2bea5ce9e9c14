import { describe, expect, it } from 'vitest';
import { settleSchedule, stepAt, type SettleSchedule } from './settling.js';
import { HEAVY_TAIL_SHARE } from './settling-heavy-tail.js';
import { SETTLING_MODEL_NAMES, settlingModel } from './settling-models.js';

const MINUTE0 = Date.UTC(2026, 0, 1);
/** 20,000 zone-minutes: 2,000 minutes of 10 zones, enough for a share of 10 % to within ±1 point (3 sigma 0.6). */
const N = 20_000;
const draw = (name: string, seed = 7): SettleSchedule[] => {
  const fn = settlingModel(name);
  return Array.from({ length: N }, (_, i) => fn(seed, i % 10, MINUTE0 + Math.floor(i / 10) * 60_000));
};
/** Share of zone-minutes whose value still changes later than `s` seconds after the minute's end. */
const changingAfter = (schedules: readonly SettleSchedule[], s: number): number =>
  schedules.filter((x) => x.delay > s).length / schedules.length;

/** Rises in strictly increasing steps to exactly 1 at the delay (checked without one expect per step: 20k × 15). */
function wellFormed(s: SettleSchedule): boolean {
  if (s.ages[s.ages.length - 1] !== s.delay || s.levels[s.levels.length - 1] !== 1) return false;
  return s.ages.every((a, k) => k === 0 || (a > s.ages[k - 1]! && s.levels[k]! > s.levels[k - 1]!));
}
const maxGap = (s: SettleSchedule): number => Math.max(...s.ages.slice(1).map((a, k) => a - s.ages[k]!));

describe('settling models', () => {
  it('default is the original model, schedule for schedule (existing seeds keep their output)', () => {
    const fn = settlingModel('default');
    for (let i = 0; i < 500; i++)
      expect(fn(3, i % 5, MINUTE0 + i * 60_000)).toEqual(settleSchedule(3, i % 5, MINUTE0 + i * 60_000));
    expect(settlingModel()).toBe(fn);
  });

  it('refuses an unknown name, listing the models', () => {
    expect(() => settlingModel('slow')).toThrow('settling must be one of default, fast, heavy-tail, got "slow"');
    expect(SETTLING_MODEL_NAMES).toEqual(['default', 'fast', 'heavy-tail']);
  });

  it('fast: every minute final at most 60 s after its end, changing at least every 10 s until then', () => {
    const all = draw('fast');
    expect(changingAfter(all, 60)).toBe(0);
    expect(all.filter((s) => !wellFormed(s) || s.ages[0]! >= 0)).toEqual([]);
    expect(Math.max(...all.map(maxGap))).toBeLessThanOrEqual(10);
    // Not a constant: the delays spread over the range.
    const delays = all.map((s) => s.delay);
    expect(Math.min(...delays)).toBeLessThanOrEqual(22);
    expect(Math.max(...delays)).toBeGreaterThanOrEqual(58);
  });

  it('heavy-tail: ~10 % of zone-minutes keep changing 5–10 min after their end; the rest are the default', () => {
    const heavy = draw('heavy-tail');
    const plain = draw('default');
    const tails = heavy.filter((s, i) => s.delay !== plain[i]!.delay);
    expect(tails.length / N).toBeGreaterThan(HEAVY_TAIL_SHARE - 0.01);
    expect(tails.length / N).toBeLessThan(HEAVY_TAIL_SHARE + 0.01);
    expect(heavy.filter((s) => !wellFormed(s))).toEqual([]);
    // The others are the default's schedules, unchanged.
    expect(heavy.filter((s, i) => s.delay === plain[i]!.delay)).toEqual(
      plain.filter((s, i) => s.delay === heavy[i]!.delay),
    );
    const odd = tails.filter((s) => {
      const body = plain[heavy.indexOf(s)]!;
      const n = body.ages.length;
      const bodyLevel = s.levels[n - 1]!;
      // Same steps as the default at first; a late part ≥ 20 s after the default's last step; 5–25 % of the
      // value arrives late; the last change 5–10 min after the minute's end (at least 1 min after the body).
      return !(
        s.ages.slice(0, n).every((a, k) => a === body.ages[k]) &&
        s.ages[n]! - body.delay >= 20 &&
        bodyLevel >= 0.75 &&
        bodyLevel <= 0.95 &&
        s.delay >= 300 &&
        s.delay <= Math.max(600, body.delay + 60)
      );
    });
    expect(odd).toEqual([]);
    // Still changing more than 5 min after the end: the 10 % tails plus the default's own 4.5–6 min tail
    // (5 % × 2/3 of it beyond 5 min, on the other 90 %): ~13 %. Beyond 6 min only tails change (~8 %).
    expect(changingAfter(heavy, 300)).toBeGreaterThan(0.115);
    expect(changingAfter(heavy, 300)).toBeLessThan(0.145);
    expect(changingAfter(plain, 360)).toBe(0);
    expect(changingAfter(heavy, 360)).toBeGreaterThan(0.07);
    expect(changingAfter(heavy, 360)).toBeLessThan(0.09);
    // A fixed 5-minute delay reads most tails short.
    const shortAt300 = tails.filter((s) => s.levels[stepAt(s, 300)]! < 1).length / tails.length;
    expect(shortAt300).toBeGreaterThan(0.95);
  });

  it('every model is a pure function of (seed, zone, minute)', () => {
    for (const name of SETTLING_MODEL_NAMES) {
      const fn = settlingModel(name);
      expect(fn(1, 3, MINUTE0)).toEqual(fn(1, 3, MINUTE0));
      expect(fn(2, 3, MINUTE0)).not.toEqual(fn(1, 3, MINUTE0));
    }
  });
});
