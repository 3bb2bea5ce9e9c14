import type { Logger } from '@settle/core';
import type { RateLimiter } from '../limiter/rate-limiter.js';
import { planQuota } from '../plan/quota-plan.js';

export interface PacerOptions {
  readonly datasets: number;
  readonly pollIntervalMs: number;
  readonly quota: { readonly queries: number; readonly per: number };
  readonly maxZonesPerQuery: number;
  readonly limiter: RateLimiter;
  readonly logger: Logger;
}

/**
 * Sizes the live lane to the quota with `planQuota` (the rule `settle plan` prints): polls are spaced out when
 * zones × datasets need more queries than the quota allows at `poll_interval`, and backfill must leave what
 * the live lane needs per window.
 */
export class Pacer {
  private pace: number;

  constructor(private readonly options: PacerOptions) {
    this.pace = options.pollIntervalMs;
  }

  /** The live lane's interval: `poll_interval`, or longer when the quota cannot sustain it. */
  get intervalMs(): number {
    return this.pace;
  }

  /** Re-sizes for the current number of zones (every dataset is asked for every zone). */
  update(zones: number): void {
    const { datasets, pollIntervalMs, quota, maxZonesPerQuery, limiter, logger } = this.options;
    const plan = planQuota({ zones, datasets, pollIntervalMs, quota, maxZonesPerQuery });
    limiter.setLiveReserve(plan.liveReserve);
    if (!plan.fits && plan.effectiveIntervalMs !== this.pace) {
      logger.warn(
        {
          queries_per_poll: plan.queriesPerPoll,
          quota: quota.queries,
          quota_window_ms: quota.per,
          poll_interval_ms: pollIntervalMs,
          effective_interval_ms: plan.effectiveIntervalMs,
        },
        'zones × datasets need more queries than the quota allows at this poll interval; polls will be spaced out',
      );
    }
    this.pace = plan.effectiveIntervalMs;
  }
}
