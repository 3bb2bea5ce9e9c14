import type { SeenPoint } from './output-tail.js';
import { pointKey } from './output-tail.js';

export interface Score {
  /** Points of minutes that started after the demo did (watched from their first value). */
  readonly watched: number;
  /** Points of older minutes, already partly or fully settled when the receiver first read them. */
  readonly history: number;
  /** Delay from the end of the minute to the first push, watched points pushed while running, seconds. */
  readonly delayP50: number;
  readonly delayP90: number;
  readonly delayP99: number;
  /** % of points pushed while running whose first pushed value equals the final value. */
  readonly exactFirst: number;
  /** Same, for the last value pushed (after revisions). */
  readonly exactLast: number;
  /** Points pushed while running. */
  readonly running: number;
  /** Points first pushed by the shutdown flush (minutes still settling when the demo stopped). */
  readonly atShutdown: number;
  readonly atShutdownExact: number;
  /** Points written more than once with a different value. */
  readonly revised: number;
}

/** Nearest-rank percentile of an ascending list; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Scores what the file exporter wrote against the simulator's final values. */
export function scoreOutput(points: Iterable<SeenPoint>, finals: ReadonlyMap<string, number>, startMs: number): Score {
  const delays: number[] = [];
  let watched = 0;
  let history = 0;
  let running = 0;
  let exactFirst = 0;
  let exactLast = 0;
  let atShutdown = 0;
  let atShutdownExact = 0;
  let revised = 0;
  for (const p of points) {
    const final = finals.get(pointKey(p.name, p.attributes, p.startMs));
    if (p.startMs >= startMs) watched++;
    else history++;
    if (p.lastValue !== p.firstValue) revised++;
    if (p.atShutdown) {
      atShutdown++;
      if (p.firstValue === final) atShutdownExact++;
      continue;
    }
    running++;
    if (p.firstValue === final) exactFirst++;
    if (p.lastValue === final) exactLast++;
    if (p.startMs >= startMs) delays.push((p.firstSeenMs - p.timeMs) / 1000);
  }
  delays.sort((a, b) => a - b);
  const pct = (n: number, of: number): number => (of === 0 ? 0 : (100 * n) / of);
  return {
    watched,
    history,
    delayP50: percentile(delays, 50),
    delayP90: percentile(delays, 90),
    delayP99: percentile(delays, 99),
    exactFirst: pct(exactFirst, running),
    exactLast: pct(exactLast, running),
    running,
    atShutdown,
    atShutdownExact: pct(atShutdownExact, atShutdown),
    revised,
  };
}
