import type { Clock, Consumer, Logger } from '@settle/core';
import type { Share } from '../credentials/credential-pool.js';
import type { DatasetSpec } from '../datasets/types.js';
import type { Telemetry } from '../telemetry.js';
import type { Activity } from './activity.js';
import type { Cursors } from './cursors.js';
import { emit } from './emit.js';
import { scopeGroups } from './scope-groups.js';
import { liveWindow, type TimeRange } from './schedule.js';

export interface LiveLaneDeps {
  readonly specs: readonly DatasetSpec[];
  /** The zones and accounts of each credential in use, with the runner that asks for them. */
  readonly shares: () => readonly Share[];
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

/** Per dataset: the ranges of consecutive complete polls, each reaching into the next, cover [start, last.until). */
interface Run {
  readonly start: number;
  readonly last: TimeRange;
}

/**
 * One live poll: every dataset for every group of zones over [now − lookback, now], sent on as `live`
 * batches. Complete polls whose ranges overlap form a run that covers everything from the run's first range
 * on; the backfill lane stops where the run starts, and once the dataset's cursor has reached the run, the
 * cursor follows the live range (so a restart resumes from there and fills the downtime).
 */
export class LiveLane {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly deps: LiveLaneDeps) {}

  /** Where the live lane's current run of complete polls starts: backfill has nothing to do after it. */
  coveredFrom(datasetId: string): number | undefined {
    return this.runs.get(datasetId)?.start;
  }

  /** Returns how many queries ran and how many fetched everything. */
  async poll(): Promise<{ tasks: number; complete: number }> {
    const { deps } = this;
    const range = liveWindow(deps.clock.now(), deps.lookbackMs);
    // A fresh start has no cursor yet: anchor it where this first poll begins, before any query, so a process
    // killed before a poll completes still re-reads from here after a restart (the gap fill).
    for (const spec of deps.specs)
      if (deps.cursors.get(spec.id) === undefined) deps.cursors.set(spec.id, range.sinceMs);
    await deps.activity.track(deps.cursors.save());
    const tasks: { spec: DatasetSpec; share: Share; zones: Share['zones'] }[] = [];
    for (const spec of deps.specs)
      for (const share of deps.shares())
        for (const zones of scopeGroups(spec, share.zones, share.accounts, deps.maxZonesPerQuery))
          tasks.push({ spec, share, zones });

    const incomplete = new Set<string>();
    let complete = 0;
    let index = 0;
    const worker = async (): Promise<void> => {
      for (let task = tasks[index++]; task !== undefined; task = tasks[index++]) {
        const result = await task.share.member.runner.fetch(task.spec, task.zones, range, 'live', LIVE_ATTEMPTS);
        if (result.newestBucketMs !== undefined) deps.telemetry.newestBucket(task.spec.id, result.newestBucketMs);
        const delivered = await emit(deps.next, deps.activity, deps.logger, task.spec, result.metrics, 'live');
        if (result.complete && delivered) complete++;
        else incomplete.add(task.spec.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.concurrency, tasks.length) }, worker));

    for (const spec of deps.specs) {
      if (incomplete.has(spec.id)) continue;
      const previous = this.runs.get(spec.id);
      const run: Run =
        previous !== undefined && range.sinceMs <= previous.last.untilMs
          ? { start: previous.start, last: range }
          : { start: range.sinceMs, last: range };
      this.runs.set(spec.id, run);
      const cursor = deps.cursors.get(spec.id);
      if (cursor === undefined || cursor >= run.start) {
        deps.cursors.set(spec.id, Math.max(cursor ?? range.sinceMs, range.sinceMs));
      }
    }
    await deps.activity.track(deps.cursors.save());
    return { tasks: tasks.length, complete };
  }
}
