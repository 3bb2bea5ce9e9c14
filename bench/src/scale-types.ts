/** One look at the measured settle process, taken inside it. */
export interface MemberSample {
  /** Its clock (virtual) when sampled. */
  readonly virtualMs: number;
  /** process.cpuUsage() since the process started: user + system, µs (every thread: JS, GC, libuv pool). */
  readonly cpuUs: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  /** Peak RSS since the process started (getrusage's ru_maxrss). */
  readonly maxRssMiB: number;
  /** Event-loop delay since the last "mark" (perf_hooks.monitorEventLoopDelay, 10 ms resolution), wall ms. */
  readonly loopMaxMs: number;
  readonly loopP99Ms: number;
}

/** Member process → bench. */
export type MemberMessage =
  | { readonly type: 'running' }
  | { readonly type: 'sample'; readonly sample: MemberSample }
  | { readonly type: 'stopped'; readonly reason: string; readonly sample: MemberSample };

/** What one scale run is asked to do. */
export interface ScaleRunOptions {
  readonly zones: number;
  /** Virtual minutes measured, after the warm-up. */
  readonly minutes: number;
  /** Virtual minutes before the measured window (lookback, converge's windows and TTL filled). */
  readonly warmupMinutes: number;
  /** Virtual time runs this many times faster than the wall clock. */
  readonly speed: number;
  readonly seed: number;
  readonly pollIntervalS: number;
  /** Progress lines on stderr. */
  readonly progress?: (line: string) => void;
}

/** The figures of one run, over the measured window (warm-up excluded) unless named otherwise. */
export interface ScaleRunResult {
  readonly options: Omit<ScaleRunOptions, 'progress'>;
  readonly datasets: readonly string[];
  /** Virtual minutes the window actually covered (from the member's clock). */
  readonly measuredMinutes: number;
  readonly wallS: number;
  readonly cpuS: number;
  /** RSS at the end of the window and the peak over the whole run; heap at the end. */
  readonly rssEndMiB: number;
  readonly rssPeakMiB: number;
  readonly heapEndMiB: number;
  readonly loopMaxMs: number;
  readonly loopP99Ms: number;
  /** Live polls that ended in the window, how many took longer than the interval (overran), the slowest bucket. */
  readonly polls: number;
  readonly overruns: number;
  /** Live polls by duration bucket: upper bound (s) → polls at most that long (cumulative). */
  readonly pollBuckets: readonly (readonly [number, number])[];
  readonly queries: number;
  readonly queryResults: Readonly<Record<string, number>>;
  /** Points the receiver emitted and its pipeline accepted (every poll re-reads the lookback). */
  readonly pointsIngested: number;
  /** Points converge emitted, and the exporter delivered to VictoriaMetrics. */
  readonly pointsEmitted: number;
  readonly pointsSent: number;
  /** Exporter queue (batches) at the end of the window: a queue that grows means pushes lag. */
  readonly queueEnd: number;
  /** Simulator: queries it accepted and refused over the whole run, its own CPU (another process). */
  readonly simQueries: number;
  readonly simRateLimited: number;
  readonly simCpuS: number;
  readonly load: { readonly before: readonly number[]; readonly after: readonly number[] };
}
