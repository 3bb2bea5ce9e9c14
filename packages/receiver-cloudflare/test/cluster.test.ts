import { owners } from '@settle/core';
import { FakeClock } from '@settle/core/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { START, createReceiver, pointsOf, startSim, type Rig } from './support/harness.js';

const MEMBERS = 3;
const REPLICATION = 2;

/** Every point of a zone as text: metric, labels, bucket, value; what VictoriaMetrics would dedup on. */
function pointsByZone(rig: Rig): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const b of rig.sink.batches)
    for (const m of b.metrics)
      for (const p of m.points) {
        const zone = String(p.attributes.zone);
        const set = out.get(zone) ?? new Set<string>();
        set.add(`${m.descriptor.name}|${JSON.stringify(p.attributes)}|${p.startMs}|${p.timeMs}|${String(p.value)}`);
        out.set(zone, set);
      }
  return out;
}

describe('service.cluster: zones sharded across members by rendezvous hashing', () => {
  it('collects every zone on exactly R members, which push identical points', async () => {
    const clock = new FakeClock(START);
    const server = await startSim(clock, { zones: 30 });
    onTestFinished(() => server.close());
    const rigs = Array.from({ length: MEMBERS }, (_, member) =>
      createReceiver(
        clock,
        server,
        { datasets: ['http_requests'] },
        { cluster: { members: MEMBERS, member, replication: REPLICATION } },
      ),
    );
    for (const rig of rigs) onTestFinished(() => rig.receiver.shutdown());
    for (const rig of rigs) await rig.receiver.start(rig.host);
    const idle = (): Promise<unknown> => Promise.all(rigs.map((r) => r.receiver.whenIdle()));
    await idle();
    for (let t = 0; t < 30_000; t += 1_000) {
      await clock.advance(1_000);
      await idle();
    }

    const byName = new Map(server.simulator.zones.map((z) => [z.name, z.tag]));
    const byMember = rigs.map(pointsByZone);
    const collectors = new Map<string, number[]>();
    let groups = 0;
    for (const [member, rig] of rigs.entries()) {
      const zones = new Set(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').map((p) => p.attributes.zone));
      for (const zone of zones) collectors.set(String(zone), [...(collectors.get(String(zone)) ?? []), member]);
      const expected = server.simulator.zones.filter((z) => owners(z.tag, MEMBERS, REPLICATION).includes(member));
      expect(zones.size).toBe(expected.length);
      groups += Math.ceil(expected.length / 10);
      expect(await rig.metrics.value('settle_cloudflare_zones', { member: String(member) })).toBe(expected.length);
    }
    expect(collectors.size).toBe(30);
    for (const [zone, members] of collectors) {
      expect(members).toEqual(owners(byName.get(zone) ?? '', MEMBERS, REPLICATION).sort());
      // Replicas polled at the same moment: the same points, byte for byte.
      const [a, b] = members.map((m) => [...(byMember[m]?.get(zone) ?? [])].sort().join('\n'));
      expect(a?.length).toBeGreaterThan(0);
      expect(a === b).toBe(true);
    }
    // Each member asks for its own zones only: its query groups × 1 dataset × 2 polls (0 and 30 s).
    expect(groups).toBeLessThan(9); // 60 zone assignments in groups of 10, not 3 × 30
    expect(server.simulator.stats().queries).toBe(groups * 2);
  });
});

describe('service.cluster: accounts of account-scoped datasets sharded like zones', () => {
  it('asks for an account only on the R members its tag hashes to', async () => {
    const clock = new FakeClock(START);
    const server = await startSim(clock, { zones: 3 });
    onTestFinished(() => server.close());
    const account = server.simulator.accountTag;
    const rigs = Array.from({ length: MEMBERS }, (_, member) =>
      createReceiver(
        clock,
        server,
        { accounts: [account], datasets: ['workers'] },
        { cluster: { members: MEMBERS, member, replication: REPLICATION } },
      ),
    );
    for (const rig of rigs) onTestFinished(() => rig.receiver.shutdown());
    for (const rig of rigs) await rig.receiver.start(rig.host);
    const idle = (): Promise<unknown> => Promise.all(rigs.map((r) => r.receiver.whenIdle()));
    await idle();
    for (let t = 0; t < 30_000; t += 1_000) {
      await clock.advance(1_000);
      await idle();
    }
    const collecting = rigs.flatMap((rig, member) =>
      pointsOf(rig.sink.batches, 'cloudflare_worker_requests_count').length > 0 ? [member] : [],
    );
    expect(collecting).toEqual(owners(account, MEMBERS, REPLICATION).sort());
  });
});
