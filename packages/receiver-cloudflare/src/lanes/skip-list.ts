/**
 * Dataset × zone pairs Cloudflare refused (permission, plan). They are left out of queries until
 * `retryMs` has passed, then tried again; the first refusal of a pair is reported, repeats are not.
 */
export class SkipList {
  private readonly until = new Map<string, number>();
  private readonly reported = new Set<string>();

  constructor(private readonly retryMs: number) {}

  /** Skips the pair; returns true when this is the first time it was refused (warn then). */
  add(datasetId: string, zoneTag: string, nowMs: number): boolean {
    const key = `${datasetId}|${zoneTag}`;
    this.until.set(key, nowMs + this.retryMs);
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }

  has(datasetId: string, zoneTag: string, nowMs: number): boolean {
    const key = `${datasetId}|${zoneTag}`;
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (nowMs < until) return true;
    this.until.delete(key);
    return false;
  }

  size(nowMs: number): number {
    let n = 0;
    for (const until of this.until.values()) if (nowMs < until) n++;
    return n;
  }
}
