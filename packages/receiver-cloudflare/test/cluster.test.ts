import { MemoryStorage, owners } from '@settle/core';
import { FakeClock } from '@settle/core/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { START, TOKEN, captureLogs, createReceiver, drive, pointsOf, startSim, type Rig } from './support/harness.js';

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

/** One receiver per member of a 3-member cluster (replication 2) on one simulator, run for 30 s of fake time. */
async function runMembers(
  clock: FakeClock,
  server: Parameters<typeof createReceiver>[1],
  config: Record<string, unknown>,
): Promise<Rig[]> {
  const rigs = Array.from({ length: MEMBERS }, (_, member) =>
    createReceiver(clock, server, config, { cluster: { members: MEMBERS, member, replication: REPLICATION } }),
  );
  for (const rig of rigs) onTestFinished(() => rig.receiver.shutdown());
  for (const rig of rigs) await rig.receiver.start(rig.host);
  const idle = (): Promise<unknown> => Promise.all(rigs.map((r) => r.receiver.whenIdle()));
  await idle();
  for (let t = 0; t < 30_000; t += 1_000) {
    await clock.advance(1_000);
    await idle();
  }
  return rigs;
}

describe('service.cluster: zones sharded across members by rendezvous hashing', () => {
  it('collects every zone on exactly R members, which push identical points', async () => {
    const clock = new FakeClock(START);
    const server = await startSim(clock, { zones: 30 });
    onTestFinished(() => server.close());
    const rigs = await runMembers(clock, server, { datasets: ['http_requests'] });

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
    const rigs = await runMembers(clock, server, { accounts: [account], datasets: ['workers'] });
    const collecting = rigs.flatMap((rig, member) =>
      pointsOf(rig.sink.batches, 'cloudflare_worker_requests_count').length > 0 ? [member] : [],
    );
    expect(collecting).toEqual(owners(account, MEMBERS, REPLICATION).sort());
  });
});

describe('service.cluster: a membership change hands the zones given up over for the lookback', () => {
  it('3 → 4 members: member 0 keeps polling the zones it gave up for `lookback`, then drops them', async () => {
    const clock = new FakeClock(START);
    const server = await startSim(clock, { zones: 30 });
    onTestFinished(() => server.close());
    const storage = new MemoryStorage();
    const config = { datasets: ['http_requests'], lookback: '5m', zones: [], accounts: [server.simulator.accountTag] };
    const tags = server.simulator.zones.map((z) => z.tag);
    const givenUp = tags.filter((t) => owners(t, 3, 2).includes(0) && !owners(t, 4, 2).includes(0));
    const kept = tags.filter((t) => owners(t, 4, 2).includes(0));
    expect(givenUp.length).toBeGreaterThan(0);
    const queried = (): Map<string, number> =>
      new Map(Object.entries(server.simulator.stats().byZoneToken).map(([z, t]) => [z, t[TOKEN] ?? 0]));
    const polledSince = (before: Map<string, number>, list: readonly string[]): string[] => {
      const now = queried();
      return list.filter((t) => (now.get(t) ?? 0) > (before.get(t) ?? 0));
    };

    const first = createReceiver(clock, server, config, {
      storage,
      cluster: { members: 3, member: 0, replication: 2 },
    });
    await first.receiver.start(first.host);
    await drive(clock, first.receiver, 60_000);
    await first.receiver.shutdown();

    const { logger, lines } = captureLogs();
    const second = createReceiver(clock, server, config, {
      storage,
      logger,
      cluster: { members: 4, member: 0, replication: 2 },
    });
    onTestFinished(() => second.receiver.shutdown());
    const atRestart = queried();
    await second.receiver.start(second.host);
    await drive(clock, second.receiver, 4 * 60_000);
    // Within the lookback: the zones it gave up are still polled, with the ones it keeps, and counted.
    expect(polledSince(atRestart, givenUp)).toEqual(givenUp);
    expect(polledSince(atRestart, kept)).toEqual(kept);
    expect(await second.metrics.value('settle_cloudflare_handover_zones', { member: '0' })).toBe(givenUp.length);
    expect(await second.metrics.value('settle_cloudflare_zones', { member: '0' })).toBe(kept.length + givenUp.length);
    const started = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => 'zones_handed_over' in l);
    expect(started?.zones_handed_over).toBe(givenUp.length);
    expect(started?.until).toBe(new Date(START + 60_000 + 5 * 60_000).toISOString());
    // It refreshes the buckets it held when it gave the zones up, and yields none that began since.
    const names = new Set(server.simulator.zones.filter((z) => givenUp.includes(z.tag)).map((z) => z.name));
    const handedOver = pointsOf(second.sink.batches, 'cloudflare_zone_requests_total').filter((p) =>
      names.has(String(p.attributes.zone)),
    );
    expect(handedOver.length).toBeGreaterThan(0);
    expect(handedOver.filter((p) => (p.startMs ?? 0) >= START + 60_000)).toEqual([]);
    const keptNames = new Set(server.simulator.zones.filter((z) => kept.includes(z.tag)).map((z) => z.name));
    const keptPoints = pointsOf(second.sink.batches, 'cloudflare_zone_requests_total').filter((p) =>
      keptNames.has(String(p.attributes.zone)),
    );
    expect(keptPoints.some((p) => (p.startMs ?? 0) >= START + 60_000)).toBe(true);

    // After it: dropped, and the next poll asks for the zones it owns only.
    await drive(clock, second.receiver, 70_000);
    const afterHandover = queried();
    await drive(clock, second.receiver, 60_000);
    expect(polledSince(afterHandover, givenUp)).toEqual([]);
    expect(polledSince(afterHandover, kept)).toEqual(kept);
    expect(await second.metrics.value('settle_cloudflare_handover_zones', { member: '0' })).toBe(0);
    expect(lines.some((l) => l.includes('handover over'))).toBe(true);
  });
});
