import type { PushLog } from './push-log.js';
import type { Reference } from './reference.js';

export interface StrategyFigures {
  /** Points of the evaluated minutes that exist in the final data. */
  readonly expected: number;
  /** Of those, how many the strategy pushed at least once. */
  readonly pushed: number;
  /** Delay from bucket end to the first push, seconds. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  /** % of pushed points whose first pushed value is the final value. */
  readonly firstExact: number;
  /** % of pushed points whose last pushed value (what a deduplicating backend keeps) is the final value. */
  readonly finalExact: number;
  /** Points whose last pushed value differs from the first (a revision reached the backend). */
  readonly revisions: number;
  /** Points the engine pushed because their window expired or the run ended, not because they were stable. */
  readonly forced: number;
}

/** Percentile by nearest rank over an ascending array (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Scores one strategy's pushes for the minutes in [fromMs, toMs) against the final values. */
export function evaluate(log: PushLog, reference: Reference, fromMs: number, toMs: number): StrategyFigures {
  const delays: number[] = [];
  let expected = 0;
  let firstExact = 0;
  let finalExact = 0;
  let revisions = 0;
  let forced = 0;
  for (const [id, final] of reference.values) {
    const bucket = log.ids.bucketStartMs[id]!;
    if (bucket < fromMs || bucket >= toMs) continue;
    expected++;
    const rec = log.get(id);
    if (rec === undefined) continue;
    delays.push((rec.firstAtMs - log.ids.bucketEndMs[id]!) / 1000);
    if (rec.firstValue === final) firstExact++;
    if (rec.lastValue === final) finalExact++;
    if (rec.forced) forced++;
    if (rec.lastValue !== rec.firstValue) revisions++;
  }
  return figures(delays, expected, firstExact, finalExact, revisions, forced);
}

/**
 * The oracle: pushes every point once, with its final value, at the instant its zone-minute became final
 * (`simulator.settledAt`). No rule that is exact at first push can be fresher; it needs no query of its own.
 */
export function oracle(
  reference: Reference,
  bucketStartMs: readonly number[],
  fromMs: number,
  toMs: number,
): StrategyFigures {
  const delays: number[] = [];
  for (const [id, delay] of reference.settleDelayS) {
    const bucket = bucketStartMs[id]!;
    if (bucket >= fromMs && bucket < toMs) delays.push(delay);
  }
  return figures(delays, delays.length, delays.length, delays.length, 0, 0);
}

function figures(
  delays: number[],
  expected: number,
  firstExact: number,
  finalExact: number,
  revisions: number,
  forced: number,
): StrategyFigures {
  delays.sort((a, b) => a - b);
  const pushed = delays.length;
  const pct = (n: number): number => (pushed === 0 ? 0 : (100 * n) / pushed);
  return {
    expected,
    pushed,
    p50: percentile(delays, 50),
    p90: percentile(delays, 90),
    p99: percentile(delays, 99),
    firstExact: pct(firstExact),
    finalExact: pct(finalExact),
    revisions,
    forced,
  };
}
