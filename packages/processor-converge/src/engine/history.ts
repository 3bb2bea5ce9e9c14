/**
 * What the engine learns from: the life of one live tracker, from its first observation to its window's
 * close. Times are ages in ms relative to the bucket's end (negative while the bucket was still running).
 * A run is a stretch of consecutive observations of one value (within `tolerance`); `final` says whether
 * that value is the one the window closed with. For any push rule, the runs say exactly whether and when it
 * would have pushed and whether that value was final, because polling goes on until the TTL whatever is
 * pushed.
 */
export interface HistoryRun {
  readonly startMs: number;
  /** Age of the run's last observation. */
  readonly lastMs: number;
  readonly count: number;
  readonly final: boolean;
}

export interface History {
  readonly runs: readonly HistoryRun[];
  /** Age at which the window closed (its TTL). */
  readonly closeMs: number;
  /** What the engine really did: age and exactness of its first push, and how many pushes in all. */
  readonly firstPushMs: number;
  readonly firstPushExact: boolean;
  readonly pushes: number;
}

/**
 * Runs kept per history. A longer history keeps its first K−2 runs and its last, and merges the rest. 16:
 * with 30 s polls a tracker sees ~20 polls before its 10-minute lookback ends, and on the simulator 8 runs
 * cut 7 % of histories (the merged runs made good rules look wrong), 16 none.
 */
export const RUNS_PER_HISTORY = 16;

/**
 * Bytes one history takes in a HistorySample: per run a start and a last age (float32), a count and a flag
 * (uint8); per history its run count, close age, first-push age, flags and push count.
 */
export const BYTES_PER_HISTORY = RUNS_PER_HISTORY * (4 + 4 + 1 + 1) + (1 + 4 + 4 + 1 + 1);
