import { bucketOfId, metricOfId } from './point-id.js';
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
  /** Mean |first pushed − final| / final over pushed points, in %. */
  readonly meanRelError: number;
  /** Mean |first pushed − final| of `cloudflare_zone_requests_total`, in requests. */
  readonly maeRequests: number;
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
  let relError = 0;
  let reqError = 0;
  let reqPoints = 0;
  let revisions = 0;
  let forced = 0;
  for (const [id, final] of reference.values) {
    const bucket = bucketOfId(id);
    if (bucket < fromMs || bucket >= toMs) continue;
    expected++;
    const rec = log.points.get(id);
    if (rec === undefined) continue;
    delays.push((rec.firstAtMs - rec.bucketEndMs) / 1000);
    if (rec.firstValue === final) firstExact++;
    if (rec.lastValue === final) finalExact++;
    if (rec.forced) forced++;
    if (rec.pushes > 1 && rec.lastValue !== rec.firstValue) revisions++;
    const err = Math.abs(rec.firstValue - final);
    relError += final === 0 ? (err === 0 ? 0 : 1) : err / final;
    if (metricOfId(id) === 'cloudflare_zone_requests_total') {
      reqError += err;
      reqPoints++;
    }
  }
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
    meanRelError: pct(relError),
    maeRequests: reqPoints === 0 ? 0 : reqError / reqPoints,
    revisions,
    forced,
  };
}
