import { queriesPerPoll, sustainableInterval } from '../lanes/schedule.js';

/** What one credential (one rate limiter) has to collect. */
export interface QuotaInputs {
  readonly zones: number;
  /** Zone-scoped datasets (one query per group of `maxZonesPerQuery` zones). */
  readonly datasets: number;
  /** Accounts and account-scoped datasets (one query per account each); none by default. */
  readonly accounts?: number;
  readonly accountDatasets?: number;
  readonly pollIntervalMs: number;
  readonly quota: { readonly queries: number; readonly per: number };
  readonly maxZonesPerQuery: number;
  /** History to cover and its chunk size, when `backfill` is set. */
  readonly backfill?: { readonly rangeMs: number; readonly chunkMs: number };
}

export interface QuotaPlan {
  readonly queriesPerPoll: number;
  /** Live queries per quota window at the configured poll interval. */
  readonly queriesPerWindow: number;
  /** Live queries per quota window at the interval really used (`effectiveIntervalMs`). */
  readonly effectiveQueriesPerWindow: number;
  readonly fits: boolean;
  /** The configured interval, or the stretched one the quota sustains (90 % of it for the live lane). */
  readonly effectiveIntervalMs: number;
  /** Slots per window kept for the live lane; backfill gets the rest. */
  readonly liveReserve: number;
  readonly backfill: BackfillPlan | undefined;
}

export interface BackfillPlan {
  /** Queries to walk the range once (one per dataset per zone group per chunk, before any paging). */
  readonly queries: number;
  /** Slots per window left for backfill. */
  readonly sparePerWindow: number;
  /** How long the walk takes with those slots (Infinity when the live lane leaves none). */
  readonly durationMs: number;
}

/**
 * The one sizing rule of the receiver, pure: the pacer applies it at run time and `settle plan` prints it
 * before anything runs, so the two cannot disagree. One query per dataset per group of `maxZonesPerQuery`
 * zones per poll; polls are spaced out when that exceeds the quota; backfill uses what the live lane leaves.
 */
export function planQuota(input: QuotaInputs): QuotaPlan {
  const { zones, datasets, pollIntervalMs, quota, maxZonesPerQuery } = input;
  const accountQueries = (input.accounts ?? 0) * (input.accountDatasets ?? 0);
  const perPoll =
    queriesPerPoll(
      Array.from({ length: datasets }, () => zones),
      maxZonesPerQuery,
    ) + accountQueries;
  const effective = sustainableInterval(perPoll, quota.queries, quota.per, pollIntervalMs);
  const liveReserve = Math.ceil((perPoll * quota.per) / effective);
  const plan = {
    queriesPerPoll: perPoll,
    queriesPerWindow: (perPoll * quota.per) / pollIntervalMs,
    effectiveQueriesPerWindow: (perPoll * quota.per) / effective,
    fits: effective === pollIntervalMs,
    effectiveIntervalMs: effective,
    liveReserve,
  };
  const b = input.backfill;
  if (b === undefined) return { ...plan, backfill: undefined };
  const chunks = Math.ceil(Math.max(0, b.rangeMs) / b.chunkMs);
  const queries = chunks * (datasets * Math.ceil(zones / maxZonesPerQuery) + accountQueries);
  const spare = Math.max(0, quota.queries - liveReserve);
  const durationMs = queries === 0 ? 0 : spare === 0 ? Infinity : Math.ceil(queries / spare) * quota.per;
  return { ...plan, backfill: { queries, sparePerWindow: spare, durationMs } };
}
