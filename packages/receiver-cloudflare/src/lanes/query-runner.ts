import { sleep, type Clock, type Logger, type Metric } from '@settle/core';
import type { GraphqlClient, QueryFailure, QueryOutcome } from '../client/graphql-client.js';
import type { DatasetSpec } from '../datasets/types.js';
import type { Lane, RateLimiter } from '../limiter/rate-limiter.js';
import { buildZoneQuery } from '../query/build-query.js';
import { bucketOf, PointCollector, type ZoneInfo } from '../query/rows-to-points.js';
import type { QueryResult, Telemetry } from '../telemetry.js';
import type { Activity } from './activity.js';
import { backoffDelay, type TimeRange } from './schedule.js';
import type { SkipList } from './skip-list.js';

export interface RunnerDeps {
  readonly client: GraphqlClient;
  readonly limiter: RateLimiter;
  readonly skips: SkipList;
  readonly telemetry: Telemetry;
  readonly activity: Activity;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Rows per zone per query. */
  readonly limit: number;
  /** Called when Cloudflare refuses the credentials themselves. */
  readonly onAuthRefused: (detail: string) => void;
  /** Called after any query that got data back. */
  readonly onSuccess: () => void;
}

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

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;

/**
 * Fetches one dataset for a group of zones over a range, doing everything a query can need: wait for the
 * rate limiter, retry transient failures with backoff, back off on rate limits, skip zones Cloudflare refuses,
 * bisect a group when a refusal does not say which zone, and page through replies that hit `limit` by moving
 * the range start to the last minute seen (rows are ordered by minute).
 */
export class QueryRunner {
  private readonly warned = new Set<string>();

  constructor(private readonly deps: RunnerDeps) {}

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
      const outcome = await this.attempt(spec, active, job.range, lane, maxAttempts);
      if (outcome === undefined) {
        complete = false;
        continue;
      }
      const byTag = new Map(active.map((z) => [z.tag, z]));
      for (const [tag, err] of outcome.zoneErrors) {
        const zone = byTag.get(tag);
        if (zone === undefined) continue;
        if (err.class === 'skip') this.skip(spec, zone, err.message);
        else {
          retentionMs ??= retentionOf(err.message);
          this.warnOnce(
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
          if (only !== undefined) this.skip(spec, only, failure.detail);
        } else if (failure.class === 'auth') {
          this.deps.onAuthRefused(failure.detail);
          complete = false;
        } else {
          retentionMs ??= retentionOf(failure.detail);
          this.warnOnce(
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
      for (const zr of outcome.reply?.zones ?? []) {
        const zone = byTag.get(zr.zoneTag);
        if (zone === undefined || zr.rows === undefined || outcome.zoneErrors.has(zr.zoneTag)) continue;
        const rows = this.page(spec, zone, zr.rows, job.range, jobs);
        const added = collector.addRows(zone, rows);
        this.deps.telemetry.invalidValues(spec.id, added.invalid);
        if (added.newestBucketMs !== undefined && (newest === undefined || added.newestBucketMs > newest)) {
          newest = added.newestBucketMs;
        }
      }
    }
    return { metrics: collector.metrics(), complete, newestBucketMs: newest, retentionMs };
  }

  /** Keeps the rows of a full reply that are certainly complete and queues the rest of the range. */
  private page(
    spec: DatasetSpec,
    zone: ZoneInfo,
    rows: readonly unknown[],
    range: TimeRange,
    jobs: Job[],
  ): readonly unknown[] {
    if (rows.length < this.deps.limit) return rows;
    let last: number | undefined;
    for (const r of rows) {
      const b = bucketOf(r);
      if (b !== undefined && (last === undefined || b > last)) last = b;
    }
    if (last === undefined || last <= range.sinceMs) {
      // One minute alone has more rows than a page holds; nothing narrower can be asked for.
      this.warnOnce(
        `${spec.id}|truncated`,
        { dataset: spec.id, zone: zone.name, limit: this.deps.limit },
        'reply truncated at limit within one minute',
      );
      return rows;
    }
    const lastMinute = last;
    jobs.push({ zones: [zone], range: { sinceMs: lastMinute, untilMs: range.untilMs } });
    return rows.filter((r) => {
      const b = bucketOf(r);
      return b !== undefined && b < lastMinute;
    });
  }

  /** Sends the query until it gets an answer worth reading; undefined when transient failures persisted. */
  private async attempt(
    spec: DatasetSpec,
    zones: readonly ZoneInfo[],
    range: TimeRange,
    lane: Lane,
    maxAttempts: number,
  ): Promise<QueryOutcome | undefined> {
    const { limiter, client, clock, signal, telemetry, activity } = this.deps;
    const tags = zones.map((z) => z.tag);
    const request = buildZoneQuery(spec, {
      zoneTags: tags,
      sinceMs: range.sinceMs,
      untilMs: range.untilMs,
      limit: this.deps.limit,
    });
    for (let attempt = 1; ; attempt++) {
      const slot = await limiter.acquire(lane, signal);
      const outcome = await activity.track(client.query(request, spec.dataset, tags, signal));
      slot.answered();
      const failure = outcome.failure;
      telemetry.query(spec.id, resultOf(outcome));
      if (failure === undefined || (failure.class !== 'retry' && failure.class !== 'rate_limited')) {
        if (outcome.reply !== undefined && outcome.reply.zones.length > 0) this.deps.onSuccess();
        return outcome;
      }
      const log = { dataset: spec.id, lane, zones: zones.length, attempt, error: failure.detail };
      if (failure.class === 'rate_limited') {
        limiter.penalize(failure.retryAfterMs ?? 60_000);
        this.deps.logger.warn(
          { ...log, retry_after_ms: failure.retryAfterMs },
          'rate limited by Cloudflare; slowing down',
        );
      }
      if (attempt >= maxAttempts) {
        this.deps.logger.warn(log, 'query failed; giving up for now');
        return undefined;
      }
      if (failure.class === 'retry') {
        this.deps.logger.debug(log, 'transient query failure; retrying');
        await sleep(clock, failure.retryAfterMs ?? backoffDelay(attempt, BACKOFF_BASE_MS, BACKOFF_CAP_MS), signal);
      }
    }
  }

  private skip(spec: DatasetSpec, zone: ZoneInfo, message: string): void {
    const first = this.deps.skips.add(spec.id, zone.tag, this.deps.clock.now());
    const fields = { dataset: spec.id, zone: zone.name, error: message };
    if (first) this.deps.logger.warn(fields, 'dataset not available for zone; skipping it for a while');
    else this.deps.logger.debug(fields, 'dataset still not available for zone');
  }

  private warnOnce(key: string, fields: Record<string, unknown>, message: string): void {
    if (this.warned.has(key)) {
      this.deps.logger.debug(fields, message);
      return;
    }
    this.warned.add(key);
    this.deps.logger.warn(fields, message);
  }
}

function resultOf(outcome: QueryOutcome): QueryResult {
  const f: QueryFailure | undefined = outcome.failure;
  if (f === undefined) {
    const classes = [...outcome.zoneErrors.values()].map((e) => e.class);
    if (classes.includes('bad_query')) return 'bad_query';
    return classes.includes('skip') ? 'permission' : 'ok';
  }
  if (f.malformed === true) return 'malformed';
  switch (f.class) {
    case 'retry':
      return 'retry';
    case 'rate_limited':
      return 'rate_limited';
    case 'skip':
      return 'permission';
    case 'bad_query':
      return 'bad_query';
    case 'auth':
      return 'auth';
  }
}

/** "cannot request data older than 2678400s" → 2678400000 ms. */
export function retentionOf(message: string): number | undefined {
  const m = /older than (\d+)\s*s\b/i.exec(message);
  return m === null ? undefined : Number(m[1]) * 1000;
}
