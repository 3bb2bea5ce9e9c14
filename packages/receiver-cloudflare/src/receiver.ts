import {
  createPollingReceiver,
  type ComponentContext,
  type Consumer,
  type Host,
  type HttpExchange,
  type PollingLane,
  type PollingReceiver,
  type Receiver,
} from '@settle/core';
import { assemble, type ReceiverParts } from './assemble.js';
import { backfillOrigin, type CloudflareConfig } from './config.js';
import { connect } from './connect.js';
import { Pacer } from './lanes/pacer.js';
import { ReceiverStatus } from './receiver-status.js';

export interface ReceiverOptions {
  /** HTTP implementation; core's transport by default. */
  readonly http?: HttpExchange;
}

/**
 * The `cloudflare` receiver: the parts `assemble` wires together, run as lanes of core's polling-receiver
 * helper (which owns lifecycle, schedules on the injected clock and the abort on shutdown). The live lane
 * polls at the pacer's interval, the backfill lane paces itself (both share each credential's rate limiter), and
 * with `accounts` a lane refreshes the zone list, with `status` one polls account gauges (tunnels, pool origins).
 * Credentials are checked and zones resolved in the helper's start step, so `start` returns at once; a token
 * refused there is reported as `fatal_error` with a message that says what to fix, and stops every lane. One
 * refused later is taken out when others remain (its zones and accounts move to them); the last one's refusal
 * stays the receiver's `permanent_error` until a query works again.
 */
export class CloudflareReceiver implements Receiver {
  private readonly fatal = new AbortController();
  private readonly status: ReceiverStatus;
  private readonly parts: ReceiverParts;
  private readonly pacer: Pacer;
  private readonly helper: PollingReceiver;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly config: CloudflareConfig,
    next: Consumer,
    options: ReceiverOptions = {},
  ) {
    this.status = new ReceiverStatus(ctx.logger, (error) => this.fatal.abort(error));
    this.helper = createPollingReceiver(ctx, next, {
      signal: this.fatal.signal,
      lanes: this.lanes(),
      start: (host) => this.connect(host),
      stop: () => this.stop(),
      close: () => this.parts.telemetry.close(),
    });
    this.parts = assemble(ctx, config, next, {
      signal: this.helper.signal,
      http: options.http,
      onAuthRefused: (detail) => this.status.authRefused(detail),
      onCredentialRefused: (summary) => {
        this.pacer.update();
        this.status.report('recoverable_error', summary);
      },
      onSuccess: () => this.status.succeededOnce(),
      onShareChanged: () => this.pacer.update(),
    });
    // Wakes whatever waits for a query slot when the receiver stops.
    this.helper.signal.addEventListener(
      'abort',
      () => {
        for (const m of this.parts.pool.members) m.limiter.close();
      },
      { once: true },
    );
    this.pacer = new Pacer({
      datasets: this.parts.specs.filter((s) => s.scope !== 'account').length,
      accountDatasets: this.parts.specs.filter((s) => s.scope === 'account').length,
      pollIntervalMs: config.poll_interval,
      quota: config.rate_limit,
      maxZonesPerQuery: config.max_zones_per_query,
      shares: () => this.parts.shares(),
      logger: ctx.logger,
    });
  }

  start(host: Host): Promise<void> {
    return this.helper.start(host);
  }

  shutdown(): Promise<void> {
    return this.helper.shutdown();
  }

  /**
   * Resolves when no request, delivery or checkpoint is in flight, i.e. the receiver only waits for its
   * clock. Lets tests and the demo drive a fake clock step by step.
   */
  whenIdle(): Promise<void> {
    return this.parts.activity.idle();
  }

  private lanes(): PollingLane[] {
    const lanes: PollingLane[] = [
      { name: 'live', intervalMs: () => this.pacer.intervalMs, collect: () => this.pollLive() },
      { name: 'backfill', measureFrom: 'end', intervalMs: () => this.backfillPause, collect: () => this.backfill() },
    ];
    if (this.config.status.length > 0) {
      lanes.push({ name: 'status', intervalMs: this.config.status_interval, collect: () => this.parts.status?.poll() });
    }
    if (this.config.accounts.length > 0) {
      const every = this.config.zone_refresh;
      lanes.push({ name: 'zones', intervalMs: every, initialDelayMs: every, collect: () => this.refreshZones() });
    }
    return lanes;
  }

  private backfillPause = 0;

  private async backfill(): Promise<void> {
    this.backfillPause = await this.parts.backfill.step();
  }

  /** The helper's start step: cursors, credentials, zones; false when the receiver cannot run. */
  private async connect(host: Host): Promise<boolean> {
    this.status.attach(host);
    this.status.report('starting');
    const { clock, logger } = this.ctx;
    const { specs, activity, cursors, rest, zones, zoneShare, accountShare } = this.parts;
    const signal = this.helper.signal;
    await activity.track(
      cursors.load(
        specs.map((s) => s.id),
        backfillOrigin(this.config, clock.now()),
      ),
    );
    await activity.track(Promise.all([zoneShare.load(), accountShare.load()]));
    const connected = await connect({ rest, zones, activity, status: this.status, clock, logger, signal });
    if (connected) {
      this.pacer.update();
      await this.saveShares();
    }
    return connected;
  }

  private async pollLive(): Promise<void> {
    const { tasks, complete } = await this.parts.live.poll();
    this.status.livePolled(tasks, complete);
  }

  private async refreshZones(): Promise<void> {
    const { activity, zones } = this.parts;
    try {
      await activity.track(zones.refresh(this.helper.signal));
      this.pacer.update();
    } catch (err) {
      if (this.helper.signal.aborted) return;
      this.ctx.logger.warn(
        { error: err instanceof Error ? err.message : String(err) },
        'zone refresh failed; keeping the current zones',
      );
    }
  }

  /** What this member owns (and hands over), for the next start: it may run with another membership. */
  private async saveShares(): Promise<void> {
    try {
      await this.parts.activity.track(Promise.all([this.parts.zoneShare.save(), this.parts.accountShare.save()]));
    } catch (err) {
      this.ctx.logger.warn(
        { error: err instanceof Error ? err.message : String(err) },
        'could not save the zones this member owns; a membership change will not hand them over',
      );
    }
  }

  private async stop(): Promise<void> {
    this.parts.closeHttp();
    try {
      await this.parts.cursors.save();
    } catch (err) {
      this.ctx.logger.warn(
        { error: err instanceof Error ? err.message : String(err) },
        'could not save backfill cursors',
      );
    }
    await this.saveShares();
    this.status.report('stopped'); // reported only when started: without a host there is no one to tell
  }
}
