import type { ScaleRunResult } from './scale-types.js';

/** y = intercept + slope × x by least squares, with each point's distance from the line. */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  /** Largest |observed − fitted| / fitted over the points: how far from linear the figures are. */
  readonly worstDeviation: number;
}

export function linearFit(points: readonly (readonly [number, number])[]): LinearFit {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / Math.max(1, n);
  const my = points.reduce((a, [, y]) => a + y, 0) / Math.max(1, n);
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const slope = sxx === 0 ? (mx === 0 ? 0 : my / mx) : sxy / sxx;
  const intercept = sxx === 0 ? 0 : my - slope * mx;
  const worstDeviation = Math.max(
    0,
    ...points.map(([x, y]) => {
      const fitted = intercept + slope * x;
      return fitted === 0 ? 0 : Math.abs(y - fitted) / Math.abs(fitted);
    }),
  );
  return { slope, intercept, worstDeviation };
}

/** Per-run rates the fit and the capacity prediction use. */
export function cpuPerSimulatedHour(r: ScaleRunResult): number {
  return r.measuredMinutes > 0 ? (r.cpuS * 60) / r.measuredMinutes : 0;
}

export function cpuPerPoll(r: ScaleRunResult): number {
  return r.polls > 0 ? r.cpuS / r.polls : 0;
}

/** How the figures grow with zones: CPU per simulated hour, CPU per poll and RSS at the end, each fitted. */
export interface ScaleFit {
  readonly cpuHour: LinearFit;
  readonly cpuPoll: LinearFit;
  readonly rss: LinearFit;
  /**
   * Zones one instance can poll every `pollIntervalS`: a poll's work must fit in the interval on one event loop,
   * so interval / (CPU per poll per zone) with the fixed part of a poll taken off. CPU counts every thread (GC
   * helpers too), so this errs low.
   */
  readonly cpuCapacity: number;
  /** Zones whose RSS (fitted) stays within 80 % of V8's heap limit: beyond it GC thrashes, then the heap runs out. */
  readonly memoryCapacity: number;
  /** The smaller of the two. */
  readonly predictedCapacity: number;
}

export function scaleFit(runs: readonly ScaleRunResult[], pollIntervalS: number, heapLimitMiB: number): ScaleFit {
  const cpuPoll = linearFit(runs.map((r) => [r.options.zones, cpuPerPoll(r)]));
  const rss = linearFit(runs.map((r) => [r.options.zones, r.rssEndMiB]));
  const cpuCapacity =
    cpuPoll.slope > 0 ? Math.floor((pollIntervalS - Math.max(0, cpuPoll.intercept)) / cpuPoll.slope) : 0;
  const memoryCapacity = rss.slope > 0 ? Math.floor((heapLimitMiB * 0.8 - rss.intercept) / rss.slope) : Infinity;
  return {
    cpuHour: linearFit(runs.map((r) => [r.options.zones, cpuPerSimulatedHour(r)])),
    cpuPoll,
    rss,
    cpuCapacity,
    memoryCapacity,
    predictedCapacity: Math.min(cpuCapacity, memoryCapacity),
  };
}
