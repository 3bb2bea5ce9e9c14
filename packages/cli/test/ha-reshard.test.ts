import { afterAll, describe, expect, it } from 'vitest';
import {
  HaCluster,
  checkBuckets,
  describeBuckets,
  haSkipReason,
  ownerMismatches,
  zoneQueriers,
} from './support/ha/index.js';

const SKIP = haSkipReason('direct');
if (SKIP !== undefined) console.warn(`SKIPPING the HA reshard test: ${SKIP}`);

const MIN = 60_000;
const ZONES = 60;
const REPLICATION = 2;
const RESHARD_AT = 8; // virtual minutes
const LOOKBACK = 10; // the members' `lookback`: how long a zone given up is still polled (handover)
const AFTER = 10; // virtual minutes measured once the handover is over
const CHECK_TO = 20; // buckets checked: [0, 20) minutes, settled by the end (every model settles within 11)

describe.skipIf(SKIP !== undefined)('3 → 4 settle members (replication 2), live, into VictoriaMetrics', () => {
  const cluster = new HaCluster({
    members: 3,
    maxMembers: 4,
    replication: REPLICATION,
    zones: ZONES,
    speed: 30,
    via: 'direct',
  });
  afterAll(() => cluster.close(), 60_000);

  it('moves ≤ 35 % of the zone assignments, each zone then on exactly its 2 new owners; every bucket once, final', async () => {
    await cluster.start();
    const sim = cluster.sim.simulator;
    await cluster.startMembers([0, 1, 2]);
    await cluster.until(RESHARD_AT * MIN);
    // Every member restarted with members: 4 (as a StatefulSet scaled up with SETTLE_MEMBERS changed), and a 4th.
    await cluster.stopMembers('SIGTERM');
    const before = sim.stats().byZoneToken;
    await cluster.startMembers([0, 1, 2, 3], 4);
    // The handover lasts `lookback` from each member's start, and ends at its next poll after that.
    const restartedAt = cluster.clock.clock.now() - cluster.clock.base;
    const settledAt = restartedAt + (LOOKBACK + 1) * MIN;
    await cluster.until(settledAt);
    const settled = sim.stats().byZoneToken;
    await cluster.until(Math.max(settledAt + AFTER * MIN, (CHECK_TO + 12) * MIN));
    await cluster.stopMembers('SIGTERM');
    await cluster.delivered();
    const stats = sim.stats();

    const old = zoneQueriers(before);
    const now = zoneQueriers(stats.byZoneToken, settled);
    expect(ownerMismatches(sim.zones, old, { members: 3, replication: REPLICATION })).toEqual([]);
    expect(ownerMismatches(sim.zones, now, { members: 4, replication: REPLICATION })).toEqual([]);
    // Zones whose owner set changed (with replication 2 about half: those member 3 now co-owns), and the
    // (zone, owner) assignments that moved: the bound, ≤ 35 % (rendezvous ideal: 1/4).
    const changed = sim.zones.filter((z) => old.get(z.tag)?.join() !== now.get(z.tag)?.join());
    const moved = sim.zones.flatMap((z) => (now.get(z.tag) ?? []).filter((m) => !old.get(z.tag)?.includes(m)));
    // Rendezvous hashing: what moves, moves to the new member only.
    expect(new Set(moved)).toEqual(new Set([3]));
    // During the handover each zone was polled by its old and its new owners, nobody else: a member that gave
    // a zone up kept refreshing it for `lookback`.
    const handover = zoneQueriers(settled, before);
    for (const z of sim.zones) {
      const both = [...new Set([...(old.get(z.tag) ?? []), ...(now.get(z.tag) ?? [])])].sort((a, b) => a - b);
      expect(handover.get(z.tag), z.name).toEqual(both);
    }
    expect(stats.rateLimited).toBe(0);

    const report = await checkBuckets(cluster.vm, {
      zones: ZONES,
      metric: 'cloudflare_zone_requests_total',
      from: cluster.clock.base,
      to: cluster.clock.base + CHECK_TO * MIN,
      proxies: cluster.proxies,
      replication: REPLICATION,
    });
    const share = moved.length / (ZONES * REPLICATION);
    const percent = (x: number): string => `${(x * 100).toFixed(1)} %`;
    console.log(
      `HA reshard 3 → 4 (all running again at minute ${(restartedAt / MIN).toFixed(1)}): assignments moved ${moved.length}/${ZONES * REPLICATION} (${percent(share)}), ` +
        `zones with a new owner ${changed.length}/${ZONES} (${percent(changed.length / ZONES)}); ${describeBuckets(report)}`,
    );
    expect(moved.length).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(0.35);
    expect(report.expected).toBe(ZONES * CHECK_TO);
    expect(report.missing).toEqual([]);
    expect(report.duplicated).toEqual([]);
    expect(report.wrong).toEqual([]);
    expect(report.staleLastWord).toEqual([]);
    expect(report.samples).toBe(report.expected);
  }, 180_000);
});
