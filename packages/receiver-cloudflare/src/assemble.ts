import { HttpTransport, type ComponentContext, type Consumer, type HttpExchange } from '@settle/core';
import { credentialsOf } from './client/credentials.js';
import { GraphqlClient } from './client/graphql-client.js';
import { RestClient } from './client/rest-client.js';
import { restEndpoint, type CloudflareConfig } from './config.js';
import { datasetById } from './datasets/catalog.js';
import type { DatasetSpec } from './datasets/types.js';
import { Activity } from './lanes/activity.js';
import { BackfillLane } from './lanes/backfill-lane.js';
import { Cursors } from './lanes/cursors.js';
import { LiveLane } from './lanes/live-lane.js';
import { QueryRunner } from './lanes/query-runner.js';
import { SkipList } from './lanes/skip-list.js';
import { ZoneDirectory } from './lanes/zone-directory.js';
import { zoneFilter } from './selection/exclude-zones.js';
import { selectingConsumer } from './selection/selecting-consumer.js';
import { RateLimiter } from './limiter/rate-limiter.js';
import { RuleNames } from './firewall/rule-names.js';
import { StatusPoller } from './status/status-poller.js';
import { Telemetry } from './telemetry.js';

/** The receiver's working parts, wired to each other; the receiver runs them and owns their lifecycle. */
export interface ReceiverParts {
  readonly specs: readonly DatasetSpec[];
  readonly activity: Activity;
  readonly rest: RestClient;
  readonly limiter: RateLimiter;
  readonly cursors: Cursors;
  readonly zones: ZoneDirectory;
  readonly telemetry: Telemetry;
  readonly live: LiveLane;
  readonly backfill: BackfillLane;
  /** The REST gauge poll (`status:`), when configured. */
  readonly status: StatusPoller | undefined;
  /** Closes the HTTP transport's idle connections (shutdown). */
  readonly closeHttp: () => void;
}

/**
 * Cap on one reply. A page holds at most 10,000 rows (a few MB of JSON); anything far bigger is a broken or
 * hostile peer, and the query fails (counted, retried next poll) instead of filling memory.
 */
export const MAX_REPLY_BYTES = 64 * 1024 * 1024;

export interface AssembleOptions {
  /** Aborted on shutdown or a fatal error: every request and wait of every part stops with it. */
  readonly signal: AbortSignal;
  /** HTTP exchange; core's HttpTransport by default (tools wrap it, e.g. to count queries). */
  readonly http: HttpExchange | undefined;
  /** Cloudflare refused the credentials themselves. */
  readonly onAuthRefused: (detail: string) => void;
  /** A query got data back. */
  readonly onSuccess: () => void;
}

/** Builds clients, limiter, cursors, zone directory, telemetry, query runner and both lanes from the config. */
export function assemble(
  ctx: ComponentContext,
  config: CloudflareConfig,
  next: Consumer,
  options: AssembleOptions,
): ReceiverParts {
  const { clock, logger } = ctx;
  const { signal } = options;
  const activity = new Activity();
  const now = (): number => clock.now();
  const transport = new HttpTransport({ timeoutMs: config.timeout, maxResponseBytes: MAX_REPLY_BYTES });
  const common = { credentials: credentialsOf(config), http: options.http ?? transport, now };
  const graphql = new GraphqlClient({ endpoint: config.endpoint, ...common });
  const rest = new RestClient({ baseUrl: restEndpoint(config), ...common });
  const specs = config.datasets.map((id) => datasetById(id));
  const limiter = new RateLimiter(clock, { queries: config.rate_limit.queries, windowMs: config.rate_limit.per });
  const cursors = new Cursors(ctx.storage);
  const zones = new ZoneDirectory(rest, config.zones, config.accounts, logger, zoneFilter(config.exclude_zones));
  const telemetry = new Telemetry(ctx.meter, ctx.id, {
    now,
    rateLimitRemaining: () => limiter.remaining(),
    zones: () => zones.current().length,
    backfillCursors: () => cursors.entries(),
  });
  const skips = new SkipList(config.skip_retry);
  const runner = new QueryRunner({
    client: graphql,
    limiter,
    skips,
    telemetry,
    activity,
    logger,
    clock,
    signal,
    limit: config.limit,
    onAuthRefused: options.onAuthRefused,
    onSuccess: options.onSuccess,
  });
  // Firewall rule names replace rule ids on their way out (both lanes emit through `next`).
  const out =
    config.rule_names && config.datasets.includes('firewall_events')
      ? new RuleNames({
          rest,
          zones: () => zones.current(),
          clock,
          logger,
          signal,
          refreshMs: config.zone_refresh,
        }).wrap(next)
      : next;
  const shared = {
    specs,
    zones: () => zones.current(),
    accounts: () => zones.currentAccounts(),
    runner,
    cursors,
    next: selectingConsumer(out, config, { meter: ctx.meter, receiver: ctx.id, logger }),
    activity,
    logger,
    clock,
    lookbackMs: config.lookback,
    maxZonesPerQuery: config.max_zones_per_query,
  };
  const live = new LiveLane({ ...shared, telemetry, concurrency: config.max_concurrency });
  const backfill = new BackfillLane({
    ...shared,
    coveredFrom: (id) => live.coveredFrom(id),
    chunkMs: config.backfill?.chunk ?? 600_000,
    idleMs: config.poll_interval,
  });
  const status =
    config.status.length === 0
      ? undefined
      : new StatusPoller({
          rest,
          accounts: () => zones.currentAccounts(),
          sources: config.status,
          skips,
          next,
          activity,
          logger,
          clock,
          signal,
        });
  const closeHttp = (): void => transport.close();
  return { specs, activity, rest, limiter, cursors, zones, telemetry, live, backfill, status, closeHttp };
}
