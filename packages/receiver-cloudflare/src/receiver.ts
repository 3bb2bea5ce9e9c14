import {
  SettleError,
  sleep,
  type ComponentContext,
  type ComponentStatus,
  type Consumer,
  type Host,
  type Receiver,
} from '@settle/core';
import { credentialsOf } from './client/credentials.js';
import { GraphqlClient } from './client/graphql-client.js';
import type { FetchLike } from './client/http.js';
import { RestClient } from './client/rest-client.js';
import { backfillOrigin, restEndpoint, type CloudflareConfig } from './config.js';
import { datasetById } from './datasets/catalog.js';
import { RateLimiter } from './limiter/rate-limiter.js';
import { Activity } from './lanes/activity.js';
import { BackfillLane } from './lanes/backfill-lane.js';
import { Cursors } from './lanes/cursors.js';
import { LiveLane } from './lanes/live-lane.js';
import { QueryRunner } from './lanes/query-runner.js';
import { backoffDelay, queriesPerPoll, sustainableInterval } from './lanes/schedule.js';
import { SkipList } from './lanes/skip-list.js';
import { ZoneDirectory } from './lanes/zone-directory.js';
import { Telemetry } from './telemetry.js';

export interface ReceiverOptions {
  /** HTTP implementation; the global fetch by default. */
  readonly fetch?: FetchLike;
}

/**
 * The `cloudflare` receiver's shell: wires clients, limiter, lanes and timers together, and owns lifecycle
 * and status. `start` returns at once; credentials are checked and zones resolved in the background, and a
 * refused token is reported as `fatal_error` with a message that says what to fix.
 */
export class CloudflareReceiver implements Receiver {
  private readonly abort = new AbortController();
  private readonly signal: AbortSignal;
  private readonly rest: RestClient;
  private readonly activity = new Activity();
  private readonly limiter: RateLimiter;
  private readonly cursors: Cursors;
  private readonly zones: ZoneDirectory;
  private readonly telemetry: Telemetry;
  private readonly live: LiveLane;
  private readonly backfill: BackfillLane;
  private readonly specs;
  private host: Host | undefined;
  private main: Promise<void> | undefined;
  private loops: Promise<void>[] = [];
  private status: ComponentStatus | undefined;
  private succeeded = false;
  private pace: number;
  private fatal = false;
  private stopped = false;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly config: CloudflareConfig,
    next: Consumer,
    options: ReceiverOptions = {},
  ) {
    const { clock, logger } = ctx;
    const signal = AbortSignal.any([ctx.signal, this.abort.signal]);
    this.signal = signal;
    const credentials = credentialsOf(config);
    const now = (): number => clock.now();
    const fetchImpl = options.fetch;
    const common = {
      credentials,
      timeoutMs: config.timeout,
      now,
      ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
    };
    const graphql = new GraphqlClient({ endpoint: config.endpoint, ...common });
    const rest = new RestClient({ baseUrl: restEndpoint(config), ...common });
    this.specs = config.datasets.map((id) => datasetById(id));
    this.pace = config.poll_interval;
    this.limiter = new RateLimiter(clock, { queries: config.rate_limit.queries, windowMs: config.rate_limit.per });
    this.cursors = new Cursors(ctx.storage);
    this.zones = new ZoneDirectory(rest, config.zones, config.accounts, logger);
    this.telemetry = new Telemetry(ctx.meter, ctx.id, {
      now,
      rateLimitRemaining: () => this.limiter.remaining(),
      zones: () => this.zones.current().length,
      backfillCursors: () => this.cursors.entries(),
    });
    const runner = new QueryRunner({
      client: graphql,
      limiter: this.limiter,
      skips: new SkipList(config.skip_retry),
      telemetry: this.telemetry,
      activity: this.activity,
      logger,
      clock,
      signal,
      limit: config.limit,
      onAuthRefused: (detail) => this.authRefused(detail),
      onSuccess: () => this.succeededOnce(),
    });
    const shared = {
      specs: this.specs,
      zones: () => this.zones.current(),
      runner,
      cursors: this.cursors,
      next,
      activity: this.activity,
      logger,
      clock,
      lookbackMs: config.lookback,
      maxZonesPerQuery: config.max_zones_per_query,
    };
    this.live = new LiveLane({ ...shared, telemetry: this.telemetry, concurrency: config.max_concurrency });
    this.backfill = new BackfillLane({
      ...shared,
      coveredFrom: (id) => this.live.coveredFrom(id),
      signal,
      chunkMs: config.backfill?.chunk ?? 600_000,
      idleMs: config.poll_interval,
    });
    this.rest = rest;
  }

  start(host: Host): Promise<void> {
    if (this.main !== undefined || this.stopped) return Promise.resolve();
    this.host = host;
    this.report('starting');
    this.main = this.run().catch((err: unknown) => {
      if (this.signal.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.logger.error({ error: message }, 'cloudflare receiver stopped');
      this.report('permanent_error', message);
    });
    return Promise.resolve();
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort(new SettleError('shutdown', 'receiver shutting down'));
    this.limiter.close();
    await this.main;
    await Promise.allSettled(this.loops);
    try {
      await this.cursors.save();
    } catch (err) {
      this.ctx.logger.warn(
        { error: err instanceof Error ? err.message : String(err) },
        'could not save backfill cursors',
      );
    }
    this.telemetry.close();
    if (this.host !== undefined) this.report('stopped');
  }

  /**
   * Resolves when no request, delivery or checkpoint is in flight, i.e. the receiver only waits for its
   * clock. Lets tests and the demo drive a fake clock step by step.
   */
  whenIdle(): Promise<void> {
    return this.activity.idle();
  }

  private async run(): Promise<void> {
    const { clock } = this.ctx;
    const datasets = this.specs.map((s) => s.id);
    await this.activity.track(this.cursors.load(datasets, backfillOrigin(this.config, clock.now())));
    if (!(await this.initialize())) return;

    this.updatePace();
    this.loops.push(
      this.loop(
        'live',
        () => this.pollLive(),
        () => this.pace,
        true,
      ),
    );
    this.loops.push(this.guard('backfill', this.backfill.run()));
    if (this.config.accounts.length > 0) {
      this.loops.push(
        this.loop(
          'zones',
          () => this.refreshZones(),
          () => this.config.zone_refresh,
          false,
        ),
      );
    }
  }

  /** Checks the credentials and resolves zones; false when the receiver cannot run (fatal reported). */
  private async initialize(): Promise<boolean> {
    const { clock, logger } = this.ctx;
    for (let attempt = 1; !this.signal.aborted; attempt++) {
      try {
        const verified = await this.activity.track(this.rest.verify(this.signal));
        if (!verified) logger.debug('credential check not available at this endpoint; continuing');
        await this.activity.track(this.zones.refresh(this.signal));
        return true;
      } catch (err) {
        if (this.signal.aborted) return false;
        if (err instanceof SettleError && err.code === 'cloudflare_auth') {
          this.authRefused(err.message);
          return false;
        }
        const message = err instanceof Error ? err.message : String(err);
        logger.warn({ attempt, error: message }, 'cannot reach the Cloudflare API yet; retrying');
        this.report('recoverable_error', message);
        const wait =
          err instanceof SettleError && err.retryAfterMs !== undefined
            ? err.retryAfterMs
            : backoffDelay(attempt, 1_000, 60_000);
        await sleep(clock, wait, this.signal);
      }
    }
    return false;
  }

  private async pollLive(): Promise<void> {
    const { tasks, complete } = await this.live.poll();
    if (tasks > 0 && complete === 0 && !this.fatal)
      this.report('recoverable_error', 'no live query succeeded in the last poll');
    else if (complete > 0 && this.succeeded) this.report('ok');
  }

  private async refreshZones(): Promise<void> {
    try {
      await this.activity.track(this.zones.refresh(this.signal));
      this.updatePace();
    } catch (err) {
      if (this.signal.aborted) return;
      this.ctx.logger.warn(
        { error: err instanceof Error ? err.message : String(err) },
        'zone refresh failed; keeping the current zones',
      );
    }
  }

  /**
   * Sizes the live lane to the quota: polls are spaced out when zones × datasets need more queries than the
   * quota allows at `poll_interval`, and backfill must leave what the live lane needs per window.
   */
  private updatePace(): void {
    const perPoll = queriesPerPoll(
      this.specs.map(() => this.zones.current().length),
      this.config.max_zones_per_query,
    );
    const { queries, per } = this.config.rate_limit;
    const pace = sustainableInterval(perPoll, queries, per, this.config.poll_interval);
    this.limiter.setLiveReserve(Math.ceil((perPoll * per) / pace));
    if (pace > this.config.poll_interval && pace !== this.pace) {
      this.ctx.logger.warn(
        {
          queries_per_poll: perPoll,
          quota: queries,
          quota_window_ms: per,
          poll_interval_ms: this.config.poll_interval,
          effective_interval_ms: pace,
        },
        'zones × datasets need more queries than the quota allows at this poll interval; polls will be spaced out',
      );
    }
    this.pace = pace;
  }

  /** Runs `work` now (if `immediately`) and then every `interval()` measured from each run's start. */
  private loop(name: string, work: () => Promise<void>, interval: () => number, immediately: boolean): Promise<void> {
    const { clock } = this.ctx;
    const body = async (): Promise<void> => {
      if (!immediately) await sleep(clock, interval(), this.signal);
      while (!this.signal.aborted) {
        const started = clock.now();
        await work();
        await sleep(clock, Math.max(0, started + interval() - clock.now()), this.signal);
      }
    };
    return this.guard(name, body());
  }

  private guard(name: string, work: Promise<void>): Promise<void> {
    return work.catch((err: unknown) => {
      if (this.signal.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.logger.error({ lane: name, error: message }, 'lane stopped unexpectedly');
      this.report('permanent_error', `${name} lane stopped: ${message}`);
    });
  }

  private succeededOnce(): void {
    if (this.succeeded) return;
    this.succeeded = true;
    this.report('ok');
  }

  /** Credentials refused: fatal before anything worked (a config mistake), an error status after. */
  private authRefused(detail: string): void {
    if (!this.succeeded) {
      if (this.fatal) return;
      this.fatal = true;
      const message = `Cloudflare refused the credentials (${detail}); check api_token (or api_email/api_key) and its permissions`;
      this.ctx.logger.error({ error: detail }, 'Cloudflare refused the credentials');
      this.report('fatal_error', message);
      this.abort.abort(new SettleError('cloudflare_auth', message));
      this.limiter.close();
      return;
    }
    this.ctx.logger.error({ error: detail }, 'Cloudflare refused the credentials; retrying next poll');
    this.report('permanent_error', `Cloudflare refused the credentials: ${detail}`);
  }

  private report(status: ComponentStatus, message?: string): void {
    if (this.host === undefined || (this.status === status && status !== 'recoverable_error')) return;
    if (this.status === 'fatal_error' && status !== 'stopped') return;
    this.status = status;
    this.host.reportStatus(message === undefined ? { status } : { status, message });
  }
}
