import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import { countPoints } from '../model/batch.js';
import type { Batch } from '../model/types.js';
import type { BatchConfig } from './config.js';
import { prepareRequests } from './prepare.js';
import { ResendWindow } from './resend-window.js';
import type { RetryLoop } from './retry-loop.js';
import type { ExporterTelemetry } from './telemetry.js';
import type { BatchSender } from './types.js';

/** At most one warning per this long about requests leaving the re-send window early. */
const OVERFLOW_LOG_MS = 60_000;

export interface ResenderDeps {
  readonly windowMs: number;
  readonly maxPoints: number;
  readonly telemetry: ExporterTelemetry;
  readonly sender: BatchSender;
  readonly retry: RetryLoop;
  readonly batch: BatchConfig;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Keeps what the backend acknowledged within `resend_window` and sends it again, before anything newer, when
 * the backend may have lost it: a request succeeded after failures, or the sender's `backendEpoch` changed
 * between two push cycles (the backend restarted). Only for idempotent backends: the re-send carries the same
 * values at the same timestamps (the newest revision of each point), which a deduplicating backend stores once.
 */
export class Resender {
  private readonly window: ResendWindow;
  private epoch: string | undefined;
  private overflowed = 0;
  private overflowLoggedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: ResenderDeps) {
    this.window = new ResendWindow(deps.windowMs, deps.maxPoints, (points) => this.overflow(points));
  }

  /** Counted always; logged at most once a minute, with the points since the last warning. */
  private overflow(points: number): void {
    const { telemetry, clock, logger, maxPoints, windowMs } = this.deps;
    telemetry.recordResendEvicted(points);
    this.overflowed += points;
    const now = clock.now();
    if (now - this.overflowLoggedAt < OVERFLOW_LOG_MS) return;
    logger.warn(
      { points: this.overflowed, resend_max_points: maxPoints, resend_window_ms: windowMs },
      'acknowledged points left the re-send window early (resend_max_points): a backend restart now could lose them',
    );
    this.overflowed = 0;
    this.overflowLoggedAt = now;
  }

  /**
   * Once per push cycle, before it sends `next`: probes the backend and re-sends the window if it restarted
   * (leaving out what `next` carries again).
   */
  async beforePush(next: readonly Batch[], stop: AbortSignal): Promise<void> {
    const { sender, clock } = this.deps;
    if (!this.window.enabled) return;
    if (sender.backendEpoch === undefined) {
      this.window.confirm(clock.now());
      return;
    }
    const probedAt = clock.now();
    const epoch = await sender.backendEpoch(stop).catch(() => undefined);
    if (epoch === undefined) return; // unknown: neither confirm nor re-send
    const previous = this.epoch;
    this.epoch = epoch;
    if (previous === undefined || previous === epoch) {
      this.window.confirm(probedAt);
      return;
    }
    await this.resend('backend_restarted', next, stop);
  }

  /**
   * A request was acknowledged; `recovered`: it ended a run of failures, so what came before may be lost.
   * `next`: the requests still to go in this cycle.
   */
  async acked(request: Batch, recovered: boolean, next: readonly Batch[], stop: AbortSignal): Promise<void> {
    if (!this.window.enabled) return;
    this.window.add(request, this.deps.clock.now());
    if (!recovered) return;
    // The next probe sets a new baseline: the restart that caused the failures is handled here.
    this.epoch = undefined;
    await this.resend('recovered_after_failure', next, stop);
  }

  private async resend(cause: string, next: readonly Batch[], stop: AbortSignal): Promise<void> {
    const { retry, batch, sender, clock, logger } = this.deps;
    if (this.window.size === 0) return;
    const requests = prepareRequests(this.window.pending(next), batch, sender);
    const points = requests.reduce((n, r) => n + countPoints(r), 0);
    logger.warn({ cause, points }, 'the backend may have lost what it acknowledged recently: sending it again');
    let all = true;
    for (const request of requests) {
      const outcome = await retry.deliver(request, stop, true);
      all &&= outcome.delivered;
    }
    // Acknowledged again now: the backend could lose the copy as well, so the window starts over.
    if (all) this.window.reacked(clock.now());
  }
}
