import { HttpTransport, type ComponentContext, type Consumer, type HttpExchange } from '@settle/core';
import { GraphqlClient } from './client/graphql-client.js';
import { RestClient } from './client/rest-client.js';
import { restEndpoint, type CloudflareConfig } from './config.js';
import { credentialList } from './credentials/credential-list.js';
import { CredentialPool, type CredentialMember, type Share } from './credentials/credential-pool.js';
import { ClusterShare } from './credentials/cluster-share.js';
import { handoverFilter } from './credentials/handover-filter.js';
import type { ZoneInfo } from './query/rows-to-points.js';
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
  /** Every credential with its own client, rate limiter and query runner, and how zones are dealt to them. */
  readonly pool: CredentialPool;
  readonly cursors: Cursors;
  readonly zones: ZoneDirectory;
  /**
   * The zones this instance collects: all of them, or its share under `service.cluster` (with the zones it
   * gave up at a membership change, for a handover). Loaded at start, saved at start and stop (`ClusterShare`).
   */
  readonly owned: () => readonly ZoneInfo[];
  readonly zoneShare: ClusterShare;
  readonly accountShare: ClusterShare;
  /** This instance's zones and accounts dealt to the credentials in use. */
  readonly shares: () => readonly Share[];
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
  /** Cloudflare refused the credentials themselves (the last credential in use, when there are several). */
  readonly onAuthRefused: (detail: string) => void;
  /** Cloudflare refused one of several credentials: it was taken out, its zones move to the others. */
  readonly onCredentialRefused: (summary: string) => void;
  /** A query got data back. */
  readonly onSuccess: () => void;
  /** A handover ended: the zones polled changed after start. */
  readonly onShareChanged: () => void;
}

/**
 * Builds clients, cursors, zone directory, telemetry, one rate limiter and query runner per credential, and
 * both lanes from the config.
 */
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
  const http = options.http ?? transport;
  const credentials = credentialList(config);
  // REST calls use a credential still in use: a refused one is taken out of the pool (declared below).
  const rest = new RestClient({
    baseUrl: restEndpoint(config),
    credentials: () => pool.first().credentials,
    http,
    now,
  });
  const specs = config.datasets.map((id) => datasetById(id));
  const cursors = new Cursors(ctx.storage);
  const zones = new ZoneDirectory(rest, config.zones, config.accounts, logger, zoneFilter(config.exclude_zones));
  const share = (what: 'zones' | 'accounts', all: () => readonly ZoneInfo[]): ClusterShare =>
    new ClusterShare({
      all,
      what,
      cluster: ctx.cluster,
      storage: ctx.storage,
      clock,
      lookbackMs: config.lookback,
      logger,
      onChange: options.onShareChanged,
    });
  const zoneShare = share('zones', () => zones.current());
  const accountShare = share('accounts', () => zones.currentAccounts());
  const owned = (): readonly ZoneInfo[] => zoneShare.current();
  const ownedAccounts = (): readonly ZoneInfo[] => accountShare.current();
  const shares = (): readonly Share[] => pool.shares(owned(), ownedAccounts());
  const member = ctx.cluster === undefined ? {} : { member: String(ctx.cluster.member) };
  const telemetry = new Telemetry(
    ctx.meter,
    { receiver: ctx.id, ...member },
    {
      now,
      rateLimitRemaining: () => shares().reduce((n, s) => n + s.member.limiter.remaining(), 0),
      zones: () => owned().length,
      handoverZones: () => zoneShare.handoverCount() + accountShare.handoverCount(),
      credentials: () => pool.activeCount(),
      backfillCursors: () => cursors.entries(),
    },
  );
  const skips = new SkipList(config.skip_retry);
  const members = credentials.map((c, i): CredentialMember => {
    const client = new GraphqlClient({ endpoint: config.endpoint, credentials: c, http, now });
    const limiter = new RateLimiter(clock, { queries: config.rate_limit.queries, windowMs: config.rate_limit.per });
    const member: CredentialMember = {
      number: i + 1,
      credentials: c,
      client,
      limiter,
      runner: new QueryRunner({
        client,
        limiter,
        skips,
        telemetry,
        activity,
        logger,
        clock,
        signal,
        limit: config.limit,
        onAuthRefused: (detail) => {
          const outcome = pool.refuse(member, detail);
          if (outcome === 'taken_out') options.onCredentialRefused(pool.describeRefused());
          else if (outcome === 'last') options.onAuthRefused(detail);
        },
        onSuccess: options.onSuccess,
      }),
    };
    return member;
  });
  const pool = new CredentialPool(members, config.max_zones_per_query, logger);
  // Firewall rule names replace rule ids on their way out (both lanes emit through `next`); zones not owned
  // yield nothing but, for a handover, the buckets this member held when it gave them up.
  const filtered = handoverFilter(
    next,
    () => zoneShare.admittedBefore(),
    () => accountShare.admittedBefore(),
  );
  const out =
    config.rule_names && config.datasets.includes('firewall_events')
      ? new RuleNames({ rest, zones: owned, clock, logger, signal, refreshMs: config.zone_refresh }).wrap(filtered)
      : filtered;
  const shared = {
    specs,
    shares,
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
          accounts: ownedAccounts,
          sources: config.status,
          skips,
          next,
          activity,
          logger,
          clock,
          signal,
        });
  const closeHttp = (): void => transport.close();
  return {
    specs,
    activity,
    rest,
    pool,
    shares,
    cursors,
    zones,
    owned,
    zoneShare,
    accountShare,
    telemetry,
    live,
    backfill,
    status,
    closeHttp,
  };
}
