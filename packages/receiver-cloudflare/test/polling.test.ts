import { describe, expect, it } from 'vitest';
import { START, drive, pointsOf } from './support/harness.js';
import { simRig } from './support/rigs.js';

describe('cloudflare receiver against the simulator', () => {
  it('batches 25 zones into 3 queries per dataset per poll', async () => {
    const { clock, server, rig } = await simRig({ zones: 25 }, { datasets: ['http_requests', 'firewall_events'] });
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 0);
    expect(server.simulator.stats().queries).toBe(6);
    await drive(clock, rig.receiver, 30_000);
    expect(server.simulator.stats().queries).toBe(12);
    expect(server.simulator.stats().rateLimited).toBe(0);
    expect(rig.host.events.map((e) => e.status)).toEqual(['starting', 'ok']);

    // Telemetry: 12 queries, all ok; budget left; the newest minute seen is the current one (< 1 min old).
    expect(await rig.metrics.value('settle_cloudflare_queries', { dataset: 'http_requests', result: 'ok' })).toBe(6);
    expect(await rig.metrics.value('settle_cloudflare_rate_limit_remaining')).toBe(300 - 12);
    expect(await rig.metrics.value('settle_cloudflare_zones')).toBe(25);
    const lag = await rig.metrics.value('settle_cloudflare_newest_bucket_lag_seconds', { dataset: 'http_requests' });
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(60);
  });

  it('emits one series per dimension combination with bucket times, zone and account labels', async () => {
    const { clock, server, rig } = await simRig({ zones: 2 }, { datasets: ['http_requests', 'firewall_events'] });
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 0);
    const batches = rig.sink.batches;
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) expect(b.meta?.origin).toBe('live');
    expect(new Set(batches.map((b) => b.meta?.['cloudflare.dataset']))).toEqual(
      new Set(['httpRequests1mGroups', 'firewallEventsAdaptiveGroups']),
    );

    const totals = pointsOf(batches, 'cloudflare_zone_requests_total');
    const zoneNames = new Set(totals.map((p) => p.attributes.zone));
    expect(zoneNames).toEqual(new Set(server.simulator.zones.map((z) => z.name)));
    for (const p of totals) {
      expect(p.attributes.account).toBe('Simulated account');
      expect((p.startMs ?? 0) % 60_000).toBe(0);
      expect(p.timeMs - (p.startMs ?? 0)).toBe(60_000);
      expect(p.startMs).toBeGreaterThanOrEqual(START - 600_000);
      expect(p.startMs).toBeLessThan(START);
    }
    const keys = totals.map((p) => `${p.attributes.zone}|${p.startMs}`);
    expect(new Set(keys).size).toBe(keys.length);

    const firewall = pointsOf(batches, 'cloudflare_zone_firewall_events_count');
    expect(firewall.length).toBeGreaterThan(0);
    for (const p of firewall)
      expect(Object.keys(p.attributes).sort()).toEqual([
        'account',
        'action',
        'country',
        'host',
        'rule',
        'source',
        'zone',
      ]);
  });
});
