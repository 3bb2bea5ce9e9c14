import { afterAll, describe, expect, it } from 'vitest';
import {
  HaCluster,
  checkBuckets,
  describeBuckets,
  haSkipReason,
  memberTokens,
  ownerMismatches,
  zoneQueriers,
} from './support/ha/index.js';

const SKIP = haSkipReason('direct');
if (SKIP !== undefined) console.warn(`SKIPPING the HA cluster test: ${SKIP}`);

const MIN = 60_000;
const CLUSTER = { members: 3, replication: 2 } as const;
const ZONES = 60;

describe.skipIf(SKIP !== undefined)('3 settle members (replication 2) → one VictoriaMetrics with dedup', () => {
  const cluster = new HaCluster({ ...CLUSTER, zones: ZONES, speed: 30, via: 'direct' });
  afterAll(() => cluster.close(), 60_000);

  it('one member SIGKILLed for 3 virtual minutes: every bucket once, final, each zone on exactly 2 members', async () => {
    await cluster.start();
    await cluster.startMembers([0, 1, 2]);

    await cluster.until(6 * MIN);
    await cluster.stopMembers('SIGKILL', [1]);
    await cluster.until(9 * MIN);
    const atRestart = cluster.sim.simulator.stats().byToken;
    await cluster.startMembers([1]);
    await cluster.until(30 * MIN);
    await cluster.stopMembers('SIGTERM');
    await cluster.delivered();

    const stats = cluster.sim.simulator.stats();
    // The restarted member polled again with its own tokens.
    for (const t of memberTokens(1)) expect(stats.byToken[t] ?? 0).toBeGreaterThan(atRestart[t] ?? 0);
    // Each zone asked for by exactly its 2 owners (member i uses only its own tokens), no token over quota.
    expect(stats.rateLimited).toBe(0);
    expect(stats.authFailures).toBe(0);
    expect(ownerMismatches(cluster.sim.simulator.zones, zoneQueriers(stats.byZoneToken), CLUSTER)).toEqual([]);

    // Buckets that settled well before the end (every settling model settles within 11 minutes), from the start.
    const report = await checkBuckets(cluster.vm, {
      zones: ZONES,
      metric: 'cloudflare_zone_requests_total',
      from: cluster.clock.base,
      to: cluster.clock.base + 14 * MIN,
    });
    console.log(
      `HA failover: ${describeBuckets(report)}; queries ${stats.queries}, per token ${JSON.stringify(stats.byToken)}`,
    );
    // Nothing else in the window either: no series differing by a label per member, no extra sample.
    expect(report.expected).toBe(ZONES * 14);
    expect(report.samples).toBe(report.expected);
    expect(report.missing).toEqual([]);
    expect(report.duplicated).toEqual([]);
    expect(report.wrong).toEqual([]);
  }, 180_000);
});
