/** How many closed buckets are remembered: a week of minute buckets. */
export const CLOSED_MEMORY = 10_080;

/**
 * Buckets whose window closed, so that data arriving for them later is recognised as late instead of opening
 * a fresh window that would push the bucket again. Bounded: the oldest entries are forgotten first. Live
 * observations hardly need it (a live bucket past its TTL is late by time alone); backfill observations, old
 * by nature, are late only when their bucket is remembered here.
 */
export class ClosedBuckets {
  private readonly ids = new Set<string>();

  constructor(private readonly limit = CLOSED_MEMORY) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.limit) {
      const oldest = this.ids.values().next();
      if (oldest.done !== true) this.ids.delete(oldest.value);
    }
  }

  /** Oldest first (insertion order), for snapshots. */
  list(): string[] {
    return [...this.ids];
  }

  get size(): number {
    return this.ids.size;
  }
}
