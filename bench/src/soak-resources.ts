/** One look at the process: after a GC when exposed, so a growing figure is what is still referenced. */
import { readdirSync } from 'node:fs';

export interface ResourceSample {
  /** Virtual minutes since the start. */
  readonly minute: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  /** process.getActiveResourcesInfo(): the ref'd sockets, timers, file handles, servers... (unref'd ones, such
   *  as the receiver's timers and idle keep-alive sockets, are not listed). */
  readonly handles: number;
  /** Open file descriptors (/proc/self/fd): every socket, pipe and file, ref'd or not; -1 where unavailable. */
  readonly fds: number;
  readonly byType: Readonly<Record<string, number>>;
}

export function sampleResources(minute: number): ResourceSample {
  globalThis.gc?.();
  const memory = process.memoryUsage();
  const info = process.getActiveResourcesInfo();
  const byType: Record<string, number> = {};
  for (const t of info) byType[t] = (byType[t] ?? 0) + 1;
  return {
    minute,
    rssMiB: memory.rss / 2 ** 20,
    heapMiB: memory.heapUsed / 2 ** 20,
    handles: info.length,
    fds: openFds(),
    byType,
  };
}

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length - 1; // less the one this listing opens
  } catch {
    return -1;
  }
}

export interface Flatness {
  readonly start: number;
  readonly end: number;
  readonly max: number;
  /** Least-squares slope after warm-up, per virtual hour. */
  readonly slopePerHour: number;
  readonly flat: boolean;
}

/**
 * Flat = the last sample is at most `tolerance` above the first one after warm-up (and never more than
 * `slack` units above it, for small integers such as a handle count, where 20 % of 12 is two sockets in flight).
 */
export function flatness(
  samples: readonly ResourceSample[],
  pick: (s: ResourceSample) => number,
  warmupMinutes: number,
  tolerance = 0.2,
  slack = 0,
): Flatness {
  const after = samples.filter((s) => s.minute >= warmupMinutes);
  const xs = after.map((s) => s.minute / 60);
  const ys = after.map(pick);
  const start = ys[0] ?? 0;
  const end = ys.at(-1) ?? 0;
  const mx = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const my = ys.reduce((a, b) => a + b, 0) / Math.max(1, ys.length);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return {
    start,
    end,
    max: Math.max(...ys, 0),
    slopePerHour: sxx === 0 ? 0 : sxy / sxx,
    flat: end <= Math.max(start * (1 + tolerance), start + slack),
  };
}
