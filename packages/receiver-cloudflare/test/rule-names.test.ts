import { describe, expect, it } from 'vitest';
import { queryZonesOnce } from '../src/index.js';
import { drive, pointsOf, START, TOKEN } from './support/harness.js';
import { simRig } from './support/rigs.js';

const RULE = 'cloudflare_zone_firewall_events_count';

describe('firewall rule names', () => {
  it('labels managed and custom firewall rules by name (lablabs form), others by id, and re-reads names every zone_refresh', async () => {
    const { clock, server, rig } = await simRig({ zones: 2 }, { datasets: ['firewall_events'], zone_refresh: '10m' });
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 60_000, 5_000);
    const points = pointsOf(rig.sink.batches, RULE);
    const bySource = (source: string) =>
      new Set(points.filter((p) => p.attributes.source === source).map((p) => p.attributes.rule));
    const managed = [...bySource('firewallManaged')];
    expect(managed.length).toBeGreaterThan(0);
    expect(managed.every((r) => typeof r === 'string' && /^managed_rule_\d:_sqli_probe$/.test(r))).toBe(true);
    expect([...bySource('firewallCustom')].every((r) => typeof r === 'string' && r.startsWith('block_bad_bots_'))).toBe(
      true,
    );
    // Rate limiting and the other sources are not in those rulesets: their ids stay.
    expect([...bySource('ratelimit')].every((r) => typeof r === 'string' && /^[0-9a-f]{32}$/.test(r))).toBe(true);

    const rulesetReads = (): number => server.simulator.stats().restRequests;
    const afterStart = rulesetReads();
    await drive(clock, rig.receiver, 5 * 60_000, 10_000);
    expect(rulesetReads()).toBe(afterStart); // cached between refreshes
    await drive(clock, rig.receiver, 5 * 60_000, 10_000);
    // Past zone_refresh: per zone one listing and two rulesets.
    expect(rulesetReads() - afterStart).toBe(2 * 3);
  });

  it('keeps rule ids when names cannot be read, warning once', async () => {
    const { clock, rig, lines } = await simRig({ zones: 1 }, (s) => ({
      datasets: ['firewall_events'],
      zone_refresh: '1m',
      // A REST base where nothing answers rulesets: the GraphQL side still works.
      api_endpoint: `${s.url}/nowhere`,
      zones: s.simulator.zones.map((z) => z.tag),
    }));
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 150_000, 5_000);
    const rules = pointsOf(rig.sink.batches, RULE).map((p) => p.attributes.rule);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => typeof r === 'string' && /^[0-9a-f]{32}$/.test(r))).toBe(true);
    expect(lines.filter((l) => l.includes('cannot read firewall rule names') && l.includes('"level":40'))).toHaveLength(
      1,
    );
  });

  it('queryZonesOnce names rules the same way, so tools score firewall points against matching keys', async () => {
    const { clock, server } = await simRig({ zones: 1 }, { datasets: ['firewall_events'] });
    await clock.advance(30 * 60_000);
    const zones = server.simulator.zones.map((z) => ({ tag: z.tag, name: z.name }));
    const metrics = await queryZonesOnce(
      { graphqlUrl: server.graphqlUrl, token: TOKEN },
      'firewall_events',
      zones,
      START,
      START + 20 * 60_000,
    );
    const rules = metrics.flatMap((m) => m.points).map((p) => p.attributes.rule);
    expect(rules.some((r) => typeof r === 'string' && r.startsWith('managed_rule_'))).toBe(true);
  });
});
