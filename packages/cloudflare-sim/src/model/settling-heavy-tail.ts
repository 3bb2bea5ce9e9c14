import { hashOf, Rng } from './random.js';
import { settleSchedule, type SettleSchedule } from './settling.js';

/** Share of zone-minutes that get a late tail. */
export const HEAVY_TAIL_SHARE = 0.1;

/**
 * The `heavy-tail` model: 90 % of zone-minutes settle exactly as in the default model (same schedule, drawn
 * from the same seed). The other 10 % first do the same, then stall, and 5–25 % of their final value arrives
 * late, in 1–3 steps, the last one 5–10 minutes after the minute ends: a rule that waits for a value to hold
 * still pushes the body's value, and a fixed 5-minute delay reads it short. Why: users of fixed-delay exporters
 * report totals ~25 % low even 5 minutes after the minute (lablabs/cloudflare-exporter issues), which the
 * default model (everything final within 6 minutes) cannot produce. The share and sizes are a guess.
 */
export function heavyTailSettleSchedule(seed: number, zoneIndex: number, minuteMs: number): SettleSchedule {
  const body = settleSchedule(seed, zoneIndex, minuteMs);
  const rng = new Rng(hashOf(seed, 'settle-heavy-tail', zoneIndex, minuteMs));
  if (rng.next() >= HEAVY_TAIL_SHARE) return body;
  const lateShare = rng.between(0.05, 0.25);
  // 5–10 minutes after the minute's end, and at least a minute after the body (whose own tail reaches 6 min).
  const delay = Math.max(Math.round(rng.between(300, 600)), body.delay + 60);
  const lateSteps = 1 + rng.int(3);
  const between: number[] = [];
  for (let k = 1; k < lateSteps; k++) between.push(Math.round(rng.between(body.delay + 20, delay - 20)));
  const lateAges = [...new Set(between)].sort((a, b) => a - b);
  lateAges.push(delay);
  const bodyLevel = 1 - lateShare;
  return {
    ages: [...body.ages, ...lateAges],
    levels: [
      ...body.levels.map((l) => l * bodyLevel),
      ...lateAges.map((_, k) => (k === lateAges.length - 1 ? 1 : bodyLevel + (lateShare * (k + 1)) / lateAges.length)),
    ],
    delay,
  };
}
