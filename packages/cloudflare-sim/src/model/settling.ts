import { hashOf, Rng } from './random.js';

/**
 * How a zone-minute becomes visible. Ages are in seconds relative to the END of the minute (negative while the
 * minute is still running). Step k becomes visible at `ages[k]` and shows `levels[k]` of the final value; the
 * last step is at `delay` with level 1, after which the minute never changes again.
 */
export interface SettleSchedule {
  readonly ages: readonly number[];
  readonly levels: readonly number[];
  /** Seconds after the minute's end at which it is final. */
  readonly delay: number;
}

/**
 * Delay distribution: 75 % settle 2–3 min after the minute ends, 20 % 3–4.5 min, 5 % 4.5–6 min (the tail that
 * makes a fixed 3-minute scrape delay under-count). Gaps between steps are 10–70 s, so with 30 s polls a level
 * sometimes holds across two polls and sometimes jumps two steps at once; tail minutes get one long plateau.
 */
export function settleSchedule(seed: number, zoneIndex: number, minuteMs: number): SettleSchedule {
  const rng = new Rng(hashOf(seed, 'settle', zoneIndex, minuteMs));
  const u = rng.next();
  const tail = u >= 0.95;
  const delay = u < 0.75 ? rng.between(120, 180) : u < 0.95 ? rng.between(180, 270) : rng.between(270, 360);
  const ages: number[] = [];
  let age = rng.between(-40, -15);
  while (age < delay - 10) {
    ages.push(Math.round(age));
    age += rng.between(10, 70);
  }
  if (tail) {
    // One plateau of 100–120 s before the last step: it looks settled for three or four polls, and is not.
    const plateauStart = Math.round(delay - rng.between(100, 120));
    while (ages.length > 1 && (ages[ages.length - 1] ?? 0) >= plateauStart) ages.pop();
    if ((ages[ages.length - 1] ?? -Infinity) < plateauStart) ages.push(plateauStart);
  }
  const finalAge = Math.round(delay);
  ages.push(finalAge);
  const steps = ages.length;
  const first = rng.between(0.15, 0.45);
  const curve = rng.between(1.0, 2.0);
  const levels = ages.map((_, k) => (k === steps - 1 ? 1 : 1 - (1 - first) * ((steps - 1 - k) / (steps - 1)) ** curve));
  return { ages, levels, delay: finalAge };
}

/** The step visible at `ageSeconds`, or -1 when nothing of the minute is visible yet. */
export function stepAt(schedule: SettleSchedule, ageSeconds: number): number {
  const ages = schedule.ages;
  let step = -1;
  for (let k = 0; k < ages.length; k++) {
    if ((ages[k] ?? Infinity) <= ageSeconds) step = k;
    else break;
  }
  return step;
}
