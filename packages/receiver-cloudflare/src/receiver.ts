import { SettleError, type ComponentContext, type Consumer, type Host, type Receiver } from '@settle/core';
import { assemble, type ReceiverParts } from './assemble.js';
import type { FetchLike } from './client/http.js';
import { backfillOrigin, type CloudflareConfig } from './config.js';
import { connect } from './connect.js';
import { Pacer } from './lanes/pacer.js';
import { repeat } from './lanes/repeat.js';
import { ReceiverStatus } from './receiver-status.js';

export interface ReceiverOptions {
  /** HTTP implementation; the global fetch by default. */
  readonly fetch?: FetchLike;
}

/**
 * The `cloudflare` receiver's shell: runs the parts `assemble` wires together on timers, and owns lifecycle
 * and status. `start` returns at once; credentials are checked and zones resolved in the background, and a
 * refused token is reported as `fatal_error` with a message that says what to fix.
 */
export class CloudflareReceiver implements Receiver {
  private readonly abort = new AbortController();
  private readonly signal: AbortSignal;
  private readonly status: ReceiverStatus;
  private readonly parts: ReceiverParts;
  private readonly pacer: Pacer;
  private main: Promise<void> | undefined;
  private loops: Promise<void>[] = [];
  private stopped = false;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly config: CloudflareConfig,
    next: Consumer,
    options: ReceiverOptions = {},
  ) {
    this.signal = AbortSignal.any([ctx.signal, this.abort.signal]);
    this.status = new ReceiverStatus(ctx.logger, (error) => {
      this.abort.abort(error);
      this.parts.limiter.close();
    });
    this.parts = assemble(ctx, config, next, {
      signal: this.signal,
      fetch: options.fetch,
      onAuthRefused: (detail) => this.status.authRefused(detail),
      onSuccess: () => this.status.succeededOnce(),
    });
    this.pacer = new Pacer({
      datasets: this.parts.specs.length,
      pollIntervalMs: config.poll_interval,
      quota: config.rate_limit,
      maxZonesPerQuery: config.max_zones_per_query,
      limiter: this.parts.limiter,
      logger: ctx.logger,
    });
  }

  start(host: Host): Promise<void> {
    if (this.main !== undefined || this.stopped) return Promise.resolve();
    this.status.attach(host);
    this.status.report('starting');
    this.main = this.run().catch((err: unknown) => {
      if (this.signal.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.logger.error({ error: message }, 'cloudflare receiver stopped');
      this.status.report('permanent_error', message);
    });
    return Promise.resolve();
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort(new SettleError('shutdown', 'receiver shutting down'));
    this.parts.limiter.close();
    await this.main;
    await Promise.allSettled(this.loops);
    try {
      await this.parts.cursors.save();
    } catch (err) {
      this.ctx.logger.warn(
        { error: err instanceof Error ? err.message : String(err) },
        'could not save backfill cursors',
      );
    }
    this.parts.telemetry.close();
    this.status.report('stopped'); // reported only when started: without a host there is no one to tell
  }

  /**
   * Resolves when no request, delivery or checkpoint is in flight, i.e. the receiver only waits for its
   * clock. Lets tests and the demo drive a fake clock step by step.
   */
  whenIdle(): Promise<void> {
    return this.parts.activity.idle();
  }

  private async run(): Promise<void> {
    const { clock, logger } = this.ctx;
    const { specs, activity, cursors, rest, zones } = this.parts;
    const datasets = specs.map((s) => s.id);
    await activity.track(cursors.load(datasets, backfillOrigin(this.config, clock.now())));
    const connected = await connect({ rest, zones, activity, status: this.status, clock, logger, signal: this.signal });
    if (!connected) return;

    this.pacer.update(zones.current().length);
    this.loops.push(
      this.loop(
        'live',
        () => this.pollLive(),
        () => this.pacer.intervalMs,
        true,
      ),
    );
    this.loops.push(this.guard('backfill', this.parts.backfill.run()));
    const status = this.parts.status;
    if (status !== undefined) {
      this.loops.push(
        this.loop(
          'status',
          () => status.poll(),
          () => this.config.status_interval,
          true,
        ),
      );
    }
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

  private async pollLive(): Promise<void> {
    const { tasks, complete } = await this.parts.live.poll();
    this.status.livePolled(tasks, complete);
  }

  private async refreshZones(): Promise<void> {
    const { activity, zones } = this.parts;
    try {
      await activity.track(zones.refresh(this.signal));
      this.pacer.update(zones.current().length);
    } catch (err) {
      if (this.signal.aborted) return;
      this.ctx.logger.warn(
        { error: err instanceof Error ? err.message : String(err) },
        'zone refresh failed; keeping the current zones',
      );
    }
  }

  private loop(name: string, work: () => Promise<void>, interval: () => number, immediately: boolean): Promise<void> {
    return this.guard(name, repeat(this.ctx.clock, this.signal, work, interval, immediately));
  }

  private guard(name: string, work: Promise<void>): Promise<void> {
    return work.catch((err: unknown) => {
      if (this.signal.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.logger.error({ lane: name, error: message }, 'lane stopped unexpectedly');
      this.status.report('permanent_error', `${name} lane stopped: ${message}`);
    });
  }
}
