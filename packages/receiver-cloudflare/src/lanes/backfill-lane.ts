import type { Clock, Consumer, Logger } from '@settle/core';
import type { Share } from '../credentials/credential-pool.js';
import type { DatasetSpec } from '../datasets/types.js';
import type { Activity } from './activity.js';
import type { Cursors } from './cursors.js';
import { emit } from './emit.js';
import { scopeGroups } from './scope-groups.js';
import { backoffDelay, liveWindow, nextChunk } from './schedule.js';

export interface BackfillLaneDeps {
  readonly specs: readonly DatasetSpec[];
  /** The zones and accounts of each credential in use, with the runner that asks for them. */
  readonly shares: () => readonly Share[];
  /** Where the live lane's coverage starts for a dataset, if it has any. */
  readonly coveredFrom: (datasetId: string) => number | undefined;
  readonly cursors: Cursors;
  readonly next: Consumer;
  readonly activity: Activity;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly lookbackMs: number;
  readonly chunkMs: number;
  readonly idleMs: number;
  readonly maxZonesPerQuery: number;
}

const BACKFILL_ATTEMPTS = 5;

/**
 * Walks history chunk by chunk, the dataset furthest behind first, with whatever query budget the live lane
 * leaves (the limiter sees to that), up to where the live lane's coverage starts. Each finished chunk moves the dataset's
 * cursor and is checkpointed, so a restart resumes instead of starting over. A chunk that keeps failing is
 * retried later, never skipped; a chunk older than Cloudflare keeps is skipped up to the retention horizon.
 */
export class BackfillLane {
  private failures = 0;
  private reportedDone = false;

  constructor(private readonly deps: BackfillLaneDeps) {}

  /**
   * One chunk (or nothing, when caught up). Returns how long to wait before the next step: 0 while there is
   * history left, the idle interval once caught up, a growing backoff after an incomplete chunk. The receiver
   * runs it as a lane of core's polling helper, which owns the waiting and the shutdown.
   */
  async step(): Promise<number> {
    const { deps } = this;
    const step = this.nextStep();
    if (step === undefined) {
      if (!this.reportedDone && deps.cursors.entries().length > 0) {
        this.reportedDone = true;
        deps.logger.info('backfill caught up with the live lane');
      }
      return deps.idleMs;
    }
    this.reportedDone = false;
    const { spec, chunk } = step;
    let complete = true;
    let retentionMs: number | undefined;
    for (const share of deps.shares()) {
      for (const zones of scopeGroups(spec, share.zones, share.accounts, deps.maxZonesPerQuery)) {
        const result = await share.member.runner.fetch(spec, zones, chunk, 'backfill', BACKFILL_ATTEMPTS);
        retentionMs ??= result.retentionMs;
        const delivered = await emit(deps.next, deps.activity, deps.logger, spec, result.metrics, 'backfill');
        complete &&= result.complete && delivered;
      }
    }
    if (!complete) {
      this.failures++;
      return backoffDelay(this.failures, 5_000, 300_000);
    }
    this.failures = 0;
    let cursor = chunk.untilMs;
    if (retentionMs !== undefined) {
      // Skip straight to what Cloudflare still keeps instead of asking for every older chunk in turn.
      cursor = Math.max(cursor, deps.clock.now() - retentionMs + 60_000);
      deps.logger.warn(
        { dataset: spec.id, retention_s: retentionMs / 1000 },
        'backfill start is older than retention; skipping ahead',
      );
    }
    deps.cursors.set(spec.id, Math.max(cursor, deps.cursors.get(spec.id) ?? cursor));
    await deps.activity.track(deps.cursors.save());
    return 0;
  }

  private nextStep(): { spec: DatasetSpec; chunk: { sinceMs: number; untilMs: number } } | undefined {
    const window = liveWindow(this.deps.clock.now(), this.deps.lookbackMs).sinceMs;
    let best: { spec: DatasetSpec; chunk: { sinceMs: number; untilMs: number } } | undefined;
    for (const spec of this.deps.specs) {
      const cursor = this.deps.cursors.get(spec.id);
      if (cursor === undefined) continue;
      const stop = Math.min(window, this.deps.coveredFrom(spec.id) ?? Infinity);
      const chunk = nextChunk(cursor, this.deps.chunkMs, stop);
      if (chunk !== undefined && (best === undefined || chunk.sinceMs < best.chunk.sinceMs)) best = { spec, chunk };
    }
    return best;
  }
}
