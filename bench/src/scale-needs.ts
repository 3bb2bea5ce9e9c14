import { DEFAULT_DATASETS, planQuota } from '@settle/receiver-cloudflare';

/** Cloudflare's GraphQL quota per user (token), the receiver's default `rate_limit`. */
const QUOTA = { queries: 300, per: 300_000 };
const MAX_ZONES_PER_QUERY = 10;

export interface Needs {
  readonly zones: number;
  readonly replication: number;
  readonly pollIntervalS: number;
  /** Members so that each holds at most `capacity` zones (its share, replicas included). */
  readonly members: number;
  readonly zonesPerMember: number;
  /** Tokens each member needs for its share at the poll interval (planQuota's rule, the pacer's), and in all. */
  readonly tokensPerMember: number;
  readonly tokens: number;
}

/** Tokens one credential set needs for `zones` to fit at the interval: the fewest k whose share fits. */
export function tokensFor(zones: number, pollIntervalMs: number, datasets = DEFAULT_DATASETS.length): number {
  for (let k = 1; ; k++) {
    // Zones are dealt to tokens in whole query groups: the busiest token holds ceil(groups / k) groups.
    const groups = Math.ceil(zones / MAX_ZONES_PER_QUERY);
    const share = Math.ceil(groups / k) * MAX_ZONES_PER_QUERY;
    const plan = planQuota({ zones: share, datasets, pollIntervalMs, quota: QUOTA, maxZonesPerQuery: 10 });
    if (plan.fits) return k;
  }
}

/**
 * What `zones` need at a poll interval with `replication` copies of every zone: members from one instance's
 * measured capacity (zones it keeps up with, replicas counted: each member collects zones × R / members),
 * tokens from planQuota, each member with its own (members that share a token share its quota).
 */
export function needsFor(zones: number, capacity: number, replication: number, pollIntervalS: number): Needs {
  const members = Math.max(replication, Math.ceil((zones * replication) / Math.max(1, capacity)));
  const zonesPerMember = Math.ceil((zones * replication) / members);
  const tokensPerMember = tokensFor(zonesPerMember, pollIntervalS * 1000);
  return {
    zones,
    replication,
    pollIntervalS,
    members,
    zonesPerMember,
    tokensPerMember,
    tokens: tokensPerMember * members,
  };
}
