/** What to do with an observation whose bucket's window has already closed. */
export type LatePolicy = 'drop' | 'push';

export interface EngineOptions {
  /** Consecutive identical observations that make a live value stable; values below 1 mean 1. */
  readonly threshold?: number | undefined;
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
  readonly stableForMs?: number | undefined;
  /** A live value is never stable before its bucket's end + this. */
  readonly minAgeMs?: number | undefined;
  /**
   * Learn each source's push rule: the freshest rule whose first-push exactness (one-sided 95 % lower bound,
   * on the recorded histories) reaches this share (0 < target < 1). `threshold`, `stableForMs` and
   * `minAgeMs` then act as floors, and default to 1, 0 and 0. Undefined: the fixed rule, no learning.
   */
  readonly targetExactness?: number | undefined;
  readonly learning?: Partial<LearningOptions>;
  /**
   * A restart whose stop (since the last data ingested) lasted longer than this marks the unpushed values it
   * restores as stale (see ConvergeEngine.restore); a shorter one resumes as if uninterrupted.
   */
  readonly restartGraceMs?: number;
}

/** How the engine measures itself; the defaults are what the README's byte bound is stated for. */
export interface LearningOptions {
  /** Histories kept per source (the most recent ones recorded). */
  readonly sampleSize: number;
  /** Trackers recorded per source and bucket, at most. */
  readonly perWindow: number;
  /** New histories between two choices of a source's rule. */
  readonly relearnEvery: number;
  /** Histories needed before the first choice (raised to what the target needs to be provable at all). */
  readonly minHistories: number;
  /** Seed of the random draws (which trackers are recorded). */
  readonly seed: number;
}

export const DEFAULT_LEARNING: LearningOptions = {
  sampleSize: 8192,
  perWindow: 64,
  relearnEvery: 1024,
  minHistories: 1,
  seed: 0x5e771e,
};

export interface ResolvedOptions {
  readonly threshold: number;
  readonly ttlMs: number;
  readonly backfillThreshold: number;
  readonly tolerance: number;
  readonly late: LatePolicy;
  readonly maxSeries: number;
  readonly stableForMs: number;
  readonly minAgeMs: number;
  readonly targetExactness: number | undefined;
  readonly learning: LearningOptions;
  readonly restartGraceMs: number;
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
  targetExactness: undefined,
  learning: DEFAULT_LEARNING,
  restartGraceMs: 60_000,
};

/** Run lengths are stored in 16 bits, saturating; thresholds above that could never be reached. */
export const MAX_RUN = 0xffff;

export function resolveOptions(options: EngineOptions): ResolvedOptions {
  const target = options.targetExactness;
  if (target !== undefined && !(target > 0 && target < 1)) {
    throw new RangeError(`targetExactness must be between 0 and 1 (exclusive), got ${target}`);
  }
  // With a target the fixed options are floors, so left unset they must not constrain the learned rule.
  const floors = target === undefined ? {} : { threshold: 1, stableForMs: 0, minAgeMs: 0 };
  const o = { ...DEFAULT_OPTIONS, ...floors, ...stripUndefined(options) };
  const learning = { ...DEFAULT_LEARNING, ...stripUndefined(options.learning ?? {}) };
  return {
    ...o,
    learning: {
      ...learning,
      sampleSize: Math.max(1, Math.floor(learning.sampleSize)),
      perWindow: Math.min(0xffff, Math.max(1, Math.floor(learning.perWindow))),
      relearnEvery: Math.max(1, Math.floor(learning.relearnEvery)),
    },
    threshold: clampRun(o.threshold ?? DEFAULT_OPTIONS.threshold),
    backfillThreshold: clampRun(o.backfillThreshold),
    tolerance: Math.max(0, o.tolerance),
    maxSeries: Math.max(1, Math.floor(o.maxSeries)),
    stableForMs: Math.max(0, o.stableForMs ?? 0),
    minAgeMs: Math.max(0, o.minAgeMs ?? 0),
  };
}

function clampRun(n: number): number {
  return Math.min(MAX_RUN, Math.max(1, Math.floor(n)));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const [k, v] of Object.entries(o) as [string, unknown][]) if (v !== undefined) out[k as keyof T] = v;
  return out as Partial<T>;
}
