import type { Clock, Consumer, Logger } from '@settle/core';
import type { DatasetSpec } from '../datasets/types.js';
import type { ZoneInfo } from '../query/rows-to-points.js';
import type { Telemetry } from '../telemetry.js';
import type { Activity } from './activity.js';
import type { Cursors } from './cursors.js';
import { emit } from './emit.js';
import type { QueryRunner } from './query-runner.js';
import { batches, liveWindow, type TimeRange } from './schedule.js';

export interface LiveLaneDeps {
  readonly specs: readonly DatasetSpec[];
  readonly zones: () => readonly ZoneInfo[];
  readonly runner: QueryRunner;
  readonly cursors: Cursors;
  readonly next: Consumer;
  readonly activity: Activity;
  readonly telemetry: Telemetry;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly lookbackMs: number;
  readonly maxZonesPerQuery: number;
  readonly concurrency: number;
}

const LIVE_ATTEMPTS = 3;

/**
 * One live poll: every dataset for every group of zones over [now − lookback, now], sent on as `live`
 * batches. When a dataset was fully fetched and the previous poll's range reaches this one, everything
 * before this range is covered, so the dataset's cursor moves up to it (the backfill lane then has nothing
 * to redo there, and a restart resumes from here).
 */
export class LiveLane {
  private readonly covered = new Map<string, TimeRange>();

  constructor(private readonly deps: LiveLaneDeps) {}

  /** Returns how many queries ran and how many fetched everything. */
  async poll(): Promise<{ tasks: number; complete: number }> {
    const { deps } = this;
    const range = liveWindow(deps.clock.now(), deps.lookbackMs);
    const tasks: { spec: DatasetSpec; zones: ZoneInfo[] }[] = [];
    for (const spec of deps.specs)
      for (const zones of batches(deps.zones(), deps.maxZonesPerQuery)) tasks.push({ spec, zones });

    const incomplete = new Set<string>();
    let complete = 0;
    let index = 0;
    const worker = async (): Promise<void> => {
      for (let task = tasks[index++]; task !== undefined; task = tasks[index++]) {
        const result = await deps.runner.fetch(task.spec, task.zones, range, 'live', LIVE_ATTEMPTS);
        if (result.newestBucketMs !== undefined) deps.telemetry.newestBucket(task.spec.id, result.newestBucketMs);
        const delivered = await emit(deps.next, deps.activity, deps.logger, task.spec, result.metrics, 'live');
        if (result.complete && delivered) complete++;
        else incomplete.add(task.spec.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.concurrency, tasks.length) }, worker));

    for (const spec of deps.specs) {
      if (incomplete.has(spec.id)) continue;
      const previous = this.covered.get(spec.id);
      const cursor = deps.cursors.get(spec.id);
      const contiguous =
        previous !== undefined &&
        cursor !== undefined &&
        cursor >= previous.sinceMs &&
        range.sinceMs <= previous.untilMs;
      if (cursor === undefined || contiguous)
        deps.cursors.set(spec.id, Math.max(cursor ?? range.sinceMs, range.sinceMs));
      this.covered.set(spec.id, range);
    }
    await deps.activity.track(deps.cursors.save());
    return { tasks: tasks.length, complete };
  }
}
