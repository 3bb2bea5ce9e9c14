/** What to do with an observation whose bucket's window has already closed. */
export type LatePolicy = 'drop' | 'push';

export interface EngineOptions {
  /** Consecutive identical observations that make a live value stable; values below 1 mean 1. */
  readonly threshold?: number;
  /** A window closes (force-pushing what never stabilised) this long after its bucket's end. */
  readonly ttlMs?: number;
  /** Consecutive identical observations that make a backfill value stable; values below 1 mean 1. */
  readonly backfillThreshold?: number;
  /** Relative difference under which two values count as identical (0 = exact). */
  readonly tolerance?: number;
  readonly late?: LatePolicy;
  /** Bound on open trackers (series × windows); above it the oldest windows are closed early. */
  readonly maxSeries?: number;
  /** A live run must also span at least this long, from its first to its latest observation. */
  readonly stableForMs?: number;
  /** A live value is never stable before its bucket's end + this. */
  readonly minAgeMs?: number;
}

export interface ResolvedOptions {
  readonly threshold: number;
  readonly ttlMs: number;
  readonly backfillThreshold: number;
  readonly tolerance: number;
  readonly late: LatePolicy;
  readonly maxSeries: number;
  readonly stableForMs: number;
  readonly minAgeMs: number;
}

export const DEFAULT_OPTIONS: ResolvedOptions = {
  threshold: 3,
  ttlMs: 15 * 60_000,
  backfillThreshold: 1,
  tolerance: 0,
  late: 'drop',
  maxSeries: 1_000_000,
  stableForMs: 0,
  minAgeMs: 0,
};

/** Run lengths are stored in 16 bits, saturating; thresholds above that could never be reached. */
export const MAX_RUN = 0xffff;

export function resolveOptions(options: EngineOptions): ResolvedOptions {
  const o = { ...DEFAULT_OPTIONS, ...stripUndefined(options) };
  return {
    ...o,
    threshold: clampRun(o.threshold),
    backfillThreshold: clampRun(o.backfillThreshold),
    tolerance: Math.max(0, o.tolerance),
    maxSeries: Math.max(1, Math.floor(o.maxSeries)),
    stableForMs: Math.max(0, o.stableForMs),
    minAgeMs: Math.max(0, o.minAgeMs),
  };
}

function clampRun(n: number): number {
  return Math.min(MAX_RUN, Math.max(1, Math.floor(n)));
}

function stripUndefined(o: EngineOptions): Partial<ResolvedOptions> {
  const out: Partial<Record<keyof ResolvedOptions, unknown>> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k as keyof ResolvedOptions] = v;
  return out as Partial<ResolvedOptions>;
}
