import type { SimStats } from '@settle/cloudflare-sim';
import { expect } from 'vitest';
import { checkBuckets, describeBuckets, type BucketReport } from './bucket-check.js';
import type { HaCluster } from './ha-cluster.js';
import { memberTokens, ownerMismatches, zoneQueriers } from './zone-queriers.js';

const MIN = 60_000;

/** When (virtual minutes from the run's start) one member is SIGKILLed and restarted, and the run ends. */
export interface FailoverPlan {
  readonly member: number;
  readonly killAt: number;
  readonly restartAt: number;
  readonly endAt: number;
  /** Buckets checked: [0, checkTo) minutes, all settled well before `endAt` (every model settles within 11). */
  readonly checkTo: number;
}

export interface FailoverResult {
  /** Zones in the simulator. */
  readonly zones: number;
  readonly stats: SimStats;
  /** Queries per token when the member was restarted. */
  readonly atRestart: Readonly<Record<string, number>>;
  readonly buckets: BucketReport;
  /** Zones not queried by exactly their owners (see ownerMismatches). */
  readonly mismatches: readonly string[];
}

/**
 * The failover scenario on a started cluster: all members run, one is SIGKILLed and later restarted (its
 * checkpoints and persistent queue on its data dir), the run ends with SIGTERM, and VictoriaMetrics' data and
 * the simulator's per-zone query counts are read back.
 */
export async function runFailover(cluster: HaCluster, plan: FailoverPlan): Promise<FailoverResult> {
  const { members, replication, zones } = cluster.options;
  const all = Array.from({ length: members }, (_, m) => m);
  await cluster.startMembers(all);
  await cluster.until(plan.killAt * MIN);
  await cluster.stopMembers('SIGKILL', [plan.member]);
  await cluster.until(plan.restartAt * MIN);
  const atRestart = cluster.sim.simulator.stats().byToken;
  await cluster.startMembers([plan.member]);
  await cluster.until(plan.endAt * MIN);
  await cluster.stopMembers('SIGTERM');
  await cluster.delivered();
  const stats = cluster.sim.simulator.stats();
  const buckets = await checkBuckets(cluster.vm, {
    zones,
    metric: 'cloudflare_zone_requests_total',
    from: cluster.clock.base,
    to: cluster.clock.base + plan.checkTo * MIN,
    proxies: cluster.proxies,
    replication,
  });
  const mismatches = ownerMismatches(cluster.sim.simulator.zones, zoneQueriers(stats.byZoneToken), {
    members,
    replication,
  });
  return { zones, stats, atRestart, buckets, mismatches };
}

/**
 * What every failover run must show: the restarted member polled again with its own tokens; each zone was
 * queried by exactly its owners, no token over quota; every bucket of the window present once after dedup
 * with its final value, and no other sample (no series differing by a label per member).
 */
export function expectCleanFailover(result: FailoverResult, plan: FailoverPlan, label: string): void {
  const { stats, atRestart, buckets } = result;
  console.log(
    `${label}: ${describeBuckets(buckets)}; queries ${stats.queries}, per token ${JSON.stringify(stats.byToken)}`,
  );
  for (const t of memberTokens(plan.member)) expect(stats.byToken[t] ?? 0).toBeGreaterThan(atRestart[t] ?? 0);
  expect(stats.rateLimited).toBe(0);
  expect(stats.authFailures).toBe(0);
  expect(result.mismatches).toEqual([]);
  expect(buckets.expected).toBe(result.zones * plan.checkTo);
  expect(buckets.missing).toEqual([]);
  expect(buckets.duplicated).toEqual([]);
  expect(buckets.wrong).toEqual([]);
  expect(buckets.staleLastWord).toEqual([]);
  expect(buckets.samples).toBe(buckets.expected);
}
