import type { Logger } from '@settle/core';
import type { Share } from '../credentials/credential-pool.js';
import { planQuota } from '../plan/quota-plan.js';

export interface PacerOptions {
  /** Zone-scoped and account-scoped datasets: the first are asked per zone group, the second per account. */
  readonly datasets: number;
  readonly accountDatasets: number;
  readonly pollIntervalMs: number;
  readonly quota: { readonly queries: number; readonly per: number };
  readonly maxZonesPerQuery: number;
  /** The zones each credential in use collects, with its rate limiter. */
  readonly shares: () => readonly Share[];
  readonly logger: Logger;
}

/**
 * Sizes the live lane to the quota with `planQuota` (the rule `settle plan` prints), per credential: polls are
 * spaced out when a credential's zones × datasets need more queries than its quota allows at `poll_interval`
 * (the lane polls at the slowest credential's pace), and each credential's backfill leaves what its live
 * share needs per window.
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

  /** Re-sizes for the current zones and credentials (zone datasets per zone group, account datasets per account). */
  update(): void {
    const { datasets, accountDatasets, pollIntervalMs, quota, maxZonesPerQuery, shares, logger } = this.options;
    let pace = pollIntervalMs;
    let worst: ReturnType<typeof planQuota> | undefined;
    for (const share of shares()) {
      const plan = planQuota({
        zones: share.zones.length,
        datasets,
        accounts: share.accounts.length,
        accountDatasets,
        pollIntervalMs,
        quota,
        maxZonesPerQuery,
      });
      share.member.limiter.setLiveReserve(plan.liveReserve);
      if (plan.effectiveIntervalMs > pace) {
        pace = plan.effectiveIntervalMs;
        worst = plan;
      }
    }
    if (worst !== undefined && pace !== this.pace) {
      logger.warn(
        {
          queries_per_poll: worst.queriesPerPoll,
          quota: quota.queries,
          quota_window_ms: quota.per,
          poll_interval_ms: pollIntervalMs,
          effective_interval_ms: pace,
        },
        'zones × datasets need more queries than the quota allows at this poll interval; polls will be spaced out',
      );
    }
    this.pace = pace;
  }
}
