import { ownsKey, type ClusterMembership } from '@settle/core';
import { backfillOrigin, type CloudflareConfig } from '../config.js';
import { credentialCount } from '../credentials/credential-list.js';
import { spreadCounts } from '../credentials/spread-zones.js';
import { datasetById } from '../datasets/catalog.js';
import { liveWindow } from '../lanes/schedule.js';
import { planQuota, type QuotaPlan } from './quota-plan.js';

export interface ReceiverPlanOptions {
  /** Zones the `accounts` will yield, for configs that discover them (`settle plan --zones N`). */
  readonly discoveredZones?: number;
  /** When the plan is made: a `backfill.since` range runs from it. */
  readonly nowMs: number;
  /** `service.cluster`: plan this member's share (listed zones exactly, discovered ones as R/N of them). */
  readonly cluster?: ClusterMembership;
}

export interface ReceiverPlan {
  /** Zones counted: those listed, plus the estimate for discovered ones (this member's share in a cluster). */
  readonly zones: number;
  /** Every zone, whichever member collects it. */
  readonly allZones: number;
  readonly cluster: ClusterMembership | undefined;
  readonly listedZones: number;
  /** True when `accounts` are discovered at run time (then `zones` includes the estimate, if any). */
  readonly discovers: boolean;
  readonly datasets: readonly string[];
  readonly pollIntervalMs: number;
  readonly quota: { readonly queries: number; readonly per: number };
  /** History to cover, when `backfill` is set. */
  readonly backfillRangeMs: number | undefined;
  /** One entry per credential, with the zones it is dealt. */
  readonly credentials: readonly { readonly zones: number; readonly plan: QuotaPlan }[];
  /** Fewest credentials (tokens, or cluster members each with its own) that keep `poll_interval` for all zones. */
  readonly credentialsNeeded: number;
}

/** What a receiver's config will cost in queries, per credential, before anything runs. */
export function planReceiver(config: CloudflareConfig, options: ReceiverPlanOptions): ReceiverPlan {
  const discovers = config.accounts.length > 0;
  const c = options.cluster;
  const estimate = discovers ? (options.discoveredZones ?? 0) : 0;
  const listed = c === undefined ? config.zones.length : config.zones.filter((tag) => ownsKey(c, tag)).length;
  const share = c === undefined ? estimate : Math.ceil((estimate * c.replication) / c.members);
  const zones = listed + share;
  const origin = backfillOrigin(config, options.nowMs);
  // Backfill walks from its start up to where the live lane's first poll begins.
  const rangeMs =
    origin === undefined ? undefined : liveWindow(options.nowMs, config.lookback).sinceMs - origin.startMs;
  const quota = config.rate_limit;
  // Account-scoped datasets cost one query per account (this member's accounts), zone ones one per zone group.
  const accountDatasets = config.datasets.filter((id) => datasetById(id).scope === 'account').length;
  const accounts = c === undefined ? config.accounts.length : config.accounts.filter((a) => ownsKey(c, a)).length;
  const planFor = (n: number, a: number): QuotaPlan =>
    planQuota({
      zones: n,
      datasets: config.datasets.length - accountDatasets,
      accounts: a,
      accountDatasets,
      pollIntervalMs: config.poll_interval,
      quota,
      maxZonesPerQuery: config.max_zones_per_query,
      ...(rangeMs === undefined ? {} : { backfill: { rangeMs, chunkMs: config.backfill?.chunk ?? 600_000 } }),
    });
  const split = (k: number): QuotaPlan[] => {
    const accountCounts = spreadCounts(accounts, k, 1);
    return spreadCounts(zones, k, config.max_zones_per_query).map((n, i) => planFor(n, accountCounts[i] ?? 0));
  };
  const plans = split(credentialCount(config));
  const zoneCounts = spreadCounts(zones, plans.length, config.max_zones_per_query);
  const credentials = plans.map((plan, i) => ({ zones: zoneCounts[i] ?? 0, plan }));
  let needed = 1;
  while (needed < Math.max(zones, accounts) && !split(needed).every((p) => p.fits)) needed++;
  return {
    zones,
    allZones: config.zones.length + estimate,
    cluster: c,
    listedZones: listed,
    discovers,
    datasets: config.datasets,
    pollIntervalMs: config.poll_interval,
    quota,
    backfillRangeMs: rangeMs,
    credentials,
    credentialsNeeded: needed,
  };
}
