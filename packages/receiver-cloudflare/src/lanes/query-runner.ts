import type { Metric } from '@settle/core';
import type { DatasetSpec } from '../datasets/types.js';
import type { Lane } from '../limiter/rate-limiter.js';
import { PointCollector, type ZoneInfo } from '../query/rows-to-points.js';
import { pageOf } from './paging.js';
import { retentionOf } from './query-result.js';
import { QueryWarnings } from './query-warnings.js';
import type { TimeRange } from './schedule.js';
import { sendQuery } from './send-query.js';
import type { RunnerDeps } from './runner-deps.js';

export interface FetchResult {
  readonly metrics: Metric[];
  /** False when some part of the range could not be fetched and may be worth another try. */
  readonly complete: boolean;
  readonly newestBucketMs: number | undefined;
  /** When Cloudflare said the range is older than it keeps: its retention, in ms. */
  readonly retentionMs: number | undefined;
}

interface Job {
  readonly zones: readonly ZoneInfo[];
  readonly range: TimeRange;
}

/**
 * Fetches one dataset for a group of zones over a range, doing everything a query can need: wait for the
 * rate limiter, retry transient failures with backoff, back off on rate limits, skip zones Cloudflare refuses,
 * bisect a group when a refusal does not say which zone, and page through replies that hit `limit` by moving
 * the range start to the last minute seen (rows are ordered by minute).
 */
export class QueryRunner {
  private readonly warnings: QueryWarnings;

  constructor(private readonly deps: RunnerDeps) {
    this.warnings = new QueryWarnings(deps.skips, deps.clock, deps.logger);
  }

  async fetch(
    spec: DatasetSpec,
    zones: readonly ZoneInfo[],
    range: TimeRange,
    lane: Lane,
    maxAttempts: number,
  ): Promise<FetchResult> {
    const collector = new PointCollector(spec);
    const jobs: Job[] = [{ zones, range }];
    let complete = true;
    let newest: number | undefined;
    let retentionMs: number | undefined;

    for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) {
      const now = this.deps.clock.now();
      const active = job.zones.filter((z) => !this.deps.skips.has(spec.id, z.tag, now));
      if (active.length === 0) continue;
      const outcome = await sendQuery(this.deps, spec, active, job.range, lane, maxAttempts);
      if (outcome === undefined) {
        complete = false;
        continue;
      }
      const byTag = new Map(active.map((z) => [z.tag, z]));
      for (const [tag, err] of outcome.zoneErrors) {
        const zone = byTag.get(tag);
        if (zone === undefined) continue;
        if (err.class === 'skip') this.warnings.skip(spec, zone, err.message);
        else {
          retentionMs ??= retentionOf(err.message);
          this.warnings.warnOnce(
            `${spec.id}|bad|${err.message}`,
            { dataset: spec.id, zone: zone.name, error: err.message },
            'query refused for zone',
          );
        }
      }
      const failure = outcome.failure;
      if (failure !== undefined) {
        if (failure.class === 'skip') {
          if (active.length > 1) {
            const mid = Math.ceil(active.length / 2);
            jobs.push(
              { zones: active.slice(0, mid), range: job.range },
              { zones: active.slice(mid), range: job.range },
            );
            continue;
          }
          const only = active[0];
          if (only !== undefined) this.warnings.skip(spec, only, failure.detail);
        } else if (failure.class === 'auth') {
          this.deps.onAuthRefused(failure.detail);
          complete = false;
        } else {
          retentionMs ??= retentionOf(failure.detail);
          this.warnings.warnOnce(
            `${spec.id}|bad|${failure.detail}`,
            { dataset: spec.id, error: failure.detail },
            'query refused',
          );
        }
      }
      // Cloudflare answers a refusal for one zone with `data: null` for all of them: ask again for the zones
      // that were neither refused nor answered (the refused ones are skipped now). A bad query is the same
      // query for every zone, so it is not worth asking again per zone.
      const answered = new Set((outcome.reply?.zones ?? []).map((z) => z.zoneTag));
      const zoneClasses = [...outcome.zoneErrors.values()].map((e) => e.class);
      if (failure === undefined && zoneClasses.includes('skip') && !zoneClasses.includes('bad_query')) {
        const missing = active.filter((z) => !answered.has(z.tag) && !outcome.zoneErrors.has(z.tag));
        if (missing.length > 0) jobs.push({ zones: missing, range: job.range });
      }
      for (const anomaly of outcome.reply?.anomalies ?? []) {
        this.warnings.warnOnce(`${spec.id}|anomaly|${anomaly}`, { dataset: spec.id, anomaly }, 'incomplete reply');
      }
      for (const zr of outcome.reply?.zones ?? []) {
        const zone = byTag.get(zr.zoneTag);
        if (zone === undefined || zr.rows === undefined || outcome.zoneErrors.has(zr.zoneTag)) continue;
        const page = pageOf(zr.rows, this.deps.limit, job.range);
        if (page.truncated) {
          this.warnings.warnOnce(
            `${spec.id}|truncated`,
            { dataset: spec.id, zone: zone.name, limit: this.deps.limit },
            'reply truncated at limit within one minute',
          );
        }
        if (page.next !== undefined) jobs.push({ zones: [zone], range: page.next });
        const added = collector.addRows(zone, page.rows, job.range);
        this.deps.telemetry.invalidValues(spec.id, added.invalid);
        for (const [field, reason] of added.invalidFields) {
          this.warnings.warnOnce(
            `${spec.id}|invalid|${field}`,
            { dataset: spec.id, zone: zone.name, field, reason },
            'invalid values in reply dropped (counted in settle_cloudflare_invalid_values)',
          );
        }
        if (added.newestBucketMs !== undefined && (newest === undefined || added.newestBucketMs > newest)) {
          newest = added.newestBucketMs;
        }
      }
    }
    return { metrics: collector.metrics(), complete, newestBucketMs: newest, retentionMs };
  }
}
