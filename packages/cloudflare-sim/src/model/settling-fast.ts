import { hashOf, Rng } from './random.js';
import type { SettleSchedule } from './settling.js';

/**
 * The `fast` model: every zone-minute is final 20–60 s after it ends. As in the default model the first step is
 * visible 15–40 s before the end (at 40–70 % of the final value), but steps follow every 4–10 s, so a poll at
 * any interval of 10 s or more sees the minute change until it is final: no stall, no plateau. The easy case:
 * a rule tuned on it says nothing about slow data.
 */
export function fastSettleSchedule(seed: number, zoneIndex: number, minuteMs: number): SettleSchedule {
  const rng = new Rng(hashOf(seed, 'settle-fast', zoneIndex, minuteMs));
  const delay = Math.round(rng.between(20, 60));
  const ages: number[] = [];
  let age = rng.between(-40, -15);
  // Gaps of 4–9 s (≤ 10 s after rounding, the last one included): a 10 s poll always sees a change.
  while (Math.round(age) < delay) {
    ages.push(Math.round(age));
    age += rng.between(4, 9);
  }
  ages.push(delay);
  const steps = ages.length;
  const first = rng.between(0.4, 0.7);
  const levels = ages.map((_, k) => (k === steps - 1 ? 1 : first + ((1 - first) * k) / (steps - 1)));
  return { ages, levels, delay };
}
