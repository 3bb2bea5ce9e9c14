export type Admission =
  { readonly ok: true; readonly remaining: number } | { readonly ok: false; readonly retryAfterMs: number };

/**
 * A per-key sliding-window counter: at most `limit` admissions in any `windowMs`. Refused requests do not
 * count, so a client that backs off gets its budget back exactly one window after its oldest admission.
 */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  tryAcquire(key: string, now: number): Admission {
    const times = this.prune(key, now);
    if (times.length >= this.limit) {
      const oldest = times[0] ?? now;
      return { ok: false, retryAfterMs: Math.max(1, oldest + this.windowMs - now) };
    }
    times.push(now);
    return { ok: true, remaining: this.limit - times.length };
  }

  remaining(key: string, now: number): number {
    return Math.max(0, this.limit - this.prune(key, now).length);
  }

  private prune(key: string, now: number): number[] {
    let times = this.hits.get(key);
    if (times === undefined) {
      times = [];
      this.hits.set(key, times);
    }
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= now - this.windowMs) drop++;
    if (drop > 0) times.splice(0, drop);
    return times;
  }
}
