import { ClosedBuckets } from './closed-buckets.js';
import { TrackerWindow, windowId } from './tracker-window.js';
import type { BucketRef } from './types.js';

/**
 * The open windows, found by bucket, and what decides whether a bucket is still open: a live bucket closes
 * once its TTL has passed and expiry ran (whether or not it was ever seen); other closed buckets (evicted,
 * backfill) are remembered in ClosedBuckets. Observations come grouped by bucket, so the last window found
 * is tried first.
 */
export class WindowStore {
  private readonly byTime = new Map<number, TrackerWindow>();
  private open: TrackerWindow[] = [];
  private readonly closed = new ClosedBuckets();
  private cache: TrackerWindow | undefined;
  /** Latest `now` expiry ran at: live buckets whose TTL ended by then are closed. */
  expiredThroughMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ttlMs: number,
    private readonly tolerant: boolean,
  ) {}

  get count(): number {
    return this.open.length;
  }

  /** The open window of a bucket, opening it if it may be; undefined when the bucket is closed (late data). */
  windowFor(startMs: number | undefined, timeMs: number, backfill: boolean, now: number): TrackerWindow | undefined {
    let w = this.cache;
    if (w === undefined || w.timeMs !== timeMs || w.startMs !== startMs || w.closed) {
      w = this.byTime.get(timeMs);
      while (w !== undefined && w.startMs !== startMs) w = w.sameTime;
      if (w === undefined) {
        if (this.isClosed(startMs, timeMs, backfill)) return undefined;
        w = this.openWindow(startMs, timeMs, this.capacityHint());
      }
      this.cache = w;
    }
    if (backfill) {
      if (now > w.backfillMs) w.backfillMs = now;
    } else if (!w.live) {
      // Opened by backfill for a bucket whose live window would already have closed: live data is late here.
      if (w.timeMs + this.ttlMs <= this.expiredThroughMs) return undefined;
      w.live = true;
    }
    return w;
  }

  /**
   * Windows whose TTL has passed at `now`, oldest first. A window that only ever saw backfill is due `ttl`
   * after its last backfill observation instead (its bucket is old by nature): a backfill chunk split over
   * several batches must land in one window, or be pushed twice. A window holding stale trackers (restored
   * after a restart, not read since) waits for them until `staleUntilMs`.
   */
  due(now: number): TrackerWindow[] {
    if (now > this.expiredThroughMs) this.expiredThroughMs = now;
    const ttl = this.ttlMs;
    return this.open.filter((w) => deadline(w, ttl) <= now).sort(byBucket);
  }

  oldest(): TrackerWindow | undefined {
    return this.open.reduce<TrackerWindow | undefined>(
      (a, b) => (a === undefined || byBucket(b, a) < 0 ? b : a),
      undefined,
    );
  }

  /** Open windows, oldest first. */
  sorted(): TrackerWindow[] {
    return [...this.open].sort(byBucket);
  }

  /** Forgets closed windows (the caller has pushed what they held) and remembers their buckets as closed. */
  remove(windows: readonly TrackerWindow[]): void {
    for (const w of windows) {
      w.closed = true;
      this.unlink(w);
      this.closed.add(w.id);
      if (this.cache === w) this.cache = undefined;
    }
    this.open = this.open.filter((w) => !w.closed);
  }

  closedBuckets(): string[] {
    return this.closed.list();
  }

  /** Snapshot restore: a window with its own flags, and the closed buckets as they were remembered. */
  restore(bucket: BucketRef, live: boolean, backfillMs: number, capacity: number): TrackerWindow {
    const w = this.openWindow(bucket.startMs, bucket.timeMs, capacity);
    w.live = live;
    w.backfillMs = backfillMs;
    return w;
  }

  restoreClosed(ids: readonly string[]): void {
    for (const id of ids) this.closed.add(id);
  }

  private isClosed(startMs: number | undefined, timeMs: number, backfill: boolean): boolean {
    if (!backfill && timeMs + this.ttlMs <= this.expiredThroughMs) return true;
    return this.closed.has(windowId(startMs, timeMs));
  }

  private openWindow(startMs: number | undefined, timeMs: number, capacity: number): TrackerWindow {
    const w = new TrackerWindow(startMs, timeMs, capacity, this.tolerant);
    w.sameTime = this.byTime.get(timeMs);
    this.byTime.set(timeMs, w);
    this.open.push(w);
    return w;
  }

  /** New windows start as large as the largest open one: buckets of one source hold similar series. */
  private capacityHint(): number {
    let hint = 0;
    for (const w of this.open) if (w.size > hint) hint = w.size;
    return hint;
  }

  private unlink(w: TrackerWindow): void {
    const head = this.byTime.get(w.timeMs);
    if (head === w) {
      if (w.sameTime === undefined) this.byTime.delete(w.timeMs);
      else this.byTime.set(w.timeMs, w.sameTime);
      return;
    }
    for (let prev = head; prev !== undefined; prev = prev.sameTime) {
      if (prev.sameTime === w) {
        prev.sameTime = w.sameTime;
        return;
      }
    }
  }
}

function deadline(w: TrackerWindow, ttl: number): number {
  const own = (w.live ? w.timeMs : Math.max(w.timeMs, w.backfillMs)) + ttl;
  return w.stale > 0 && w.staleUntilMs > own ? w.staleUntilMs : own;
}

export function byBucket(a: TrackerWindow, b: TrackerWindow): number {
  return a.timeMs - b.timeMs || (a.startMs ?? a.timeMs) - (b.startMs ?? b.timeMs);
}
