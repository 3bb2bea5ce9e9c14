import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CFPE_COLO_ERRORS, LABLABS_COLO, LABLABS_ZONE_TOTALS } from './queries.js';
import { iso, startHarness, type Harness } from './support.js';

type Group = { count: number; dimensions: Record<string, unknown>; sum?: Record<string, number> };

describe('queries as real exporters send them', () => {
  let h: Harness;
  let zoneIDs: string[];

  beforeAll(async () => {
    h = await startHarness({ zones: 3 });
    zoneIDs = h.server.simulator.zones.map((z) => z.tag);
    h.clock.advance(20 * 60_000);
  });
  afterAll(async () => {
    await h.server.close();
  });

  it('a lablabs-style zone-totals query validates with its loosely typed variables and returns every dataset', async () => {
    const maxtime = h.clock.now() - 10 * 60_000;
    const res = await h.gql(LABLABS_ZONE_TOTALS, {
      zoneIDs,
      mintime: iso(maxtime - 60_000),
      maxtime: iso(maxtime),
      limit: 9999,
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeNull();
    const zones = res.body.data!.viewer.zones;
    expect(zones.map((z) => z['zoneTag'])).toEqual(zoneIDs);
    for (const zone of zones) {
      const [rollup] = zone['httpRequests1mGroups'] as {
        sum: Record<string, unknown>;
        dimensions: { datetime: string };
      }[];
      expect(rollup!.dimensions.datetime).toBe(iso(maxtime).replace('.000Z', 'Z'));
      expect(rollup!.sum['requests']).toBeGreaterThan(0);
      expect((rollup!.sum['countryMap'] as unknown[]).length).toBeGreaterThan(0);
      const checks = zone['healthCheckEventsAdaptiveGroups'] as {
        count: number;
        dimensions: { healthStatus: string };
      }[];
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((c) => c.count > 0 && ['healthy', 'unhealthy'].includes(c.dimensions.healthStatus))).toBe(
        true,
      );
      const uncached = zone['httpRequestsAdaptiveGroups'] as Group[];
      expect(uncached.length).toBeGreaterThan(0);
      const eyeball = zone['httpRequestsEdgeCountryHost'] as Group[];
      expect(eyeball.every((g) => typeof g.dimensions['edgeResponseStatus'] === 'number')).toBe(true);
    }
  });

  it('a lablabs-style colo query groups by colo, host and datetime with sums and sampleInterval', async () => {
    const maxtime = h.clock.now() - 10 * 60_000;
    const res = await h.gql(LABLABS_COLO, {
      zoneIDs,
      mintime: iso(maxtime - 60_000),
      maxtime: iso(maxtime),
      limit: 9999,
    });
    expect(res.status).toBe(200);
    const groups = res.body.data!.viewer.zones[0]!['httpRequestsAdaptiveGroups'] as (Group & {
      avg: { sampleInterval: number };
    })[];
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups) {
      expect(Object.keys(g.dimensions).sort()).toEqual(['clientRequestHTTPHost', 'coloCode', 'datetime']);
      expect(g.avg.sampleInterval).toBe(1);
      expect(g.sum!['edgeResponseBytes']).toBeGreaterThanOrEqual(0);
    }
  });

  it('a cloudflare-prometheus-exporter style query (accounts → zones, string!/uint64! variables) works', async () => {
    const maxtime = h.clock.now() - 10 * 60_000;
    const res = await h.gql(CFPE_COLO_ERRORS, {
      accountID: h.server.simulator.accountTag,
      zoneIDs,
      mintime: iso(maxtime - 5 * 60_000),
      maxtime: iso(maxtime),
      limit: 10000,
    });
    expect(res.status).toBe(200);
    const accounts = res.body.data!.viewer.accounts!;
    const errors = accounts[0]!.zones.flatMap((z) => z['httpRequestsAdaptiveGroups'] as Group[]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((g) => (g.dimensions['edgeResponseStatus'] as number) >= 400)).toBe(true);
    const firewall = accounts[0]!.zones.flatMap((z) => z['firewallEventsAdaptiveGroups'] as Group[]);
    expect(firewall.length).toBeGreaterThan(0);
  });

  it('answers a wrong account with an authz error and an unknown field with a validation error', async () => {
    const maxtime = h.clock.now() - 10 * 60_000;
    const vars = {
      accountID: 'f'.repeat(32),
      zoneIDs,
      mintime: iso(maxtime - 60_000),
      maxtime: iso(maxtime),
      limit: 10,
    };
    const wrong = await h.gql(CFPE_COLO_ERRORS, vars);
    expect(wrong.status).toBe(200);
    expect(wrong.body.data).toBeNull();
    expect(wrong.body.errors![0]!.message).toBe('not authorized for that account');
    expect(wrong.body.errors![0]!.extensions.code).toBe('authz');

    const unknown = await h.gql('{ viewer { zones { zoneTag noSuchDataset } } }');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors![0]!.message).toContain('noSuchDataset');
  });

  it('filters with _in, _neq, _like, AND/OR and orders by count', async () => {
    const to = h.clock.now() - 10 * 60_000;
    const query = `query ($z: string!, $from: Time!, $to: Time!) { viewer { zones(filter: { zoneTag: $z }) {
      httpRequestsAdaptiveGroups(limit: 5, orderBy: [count_DESC], filter: {
        datetime_geq: $from, datetime_lt: $to, clientRequestHTTPHost_like: "www.%",
        OR: [{ edgeResponseStatus: 200 }, { edgeResponseStatus_in: [301, 302] }], clientCountryName_neq: "US" }) {
        count dimensions { clientRequestHTTPHost edgeResponseStatus clientCountryName } } } } }`;
    const res = await h.gql(query, { z: zoneIDs[0], from: iso(to - 5 * 60_000), to: iso(to) });
    const groups = res.body.data!.viewer.zones[0]!['httpRequestsAdaptiveGroups'] as Group[];
    expect(groups.length).toBe(5);
    for (const g of groups) {
      expect(g.dimensions['clientRequestHTTPHost']).toMatch(/^www\./);
      expect([200, 301, 302]).toContain(g.dimensions['edgeResponseStatus']);
      expect(g.dimensions['clientCountryName']).not.toBe('US');
    }
    const counts = groups.map((g) => g.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('serves the same per-minute groups to sliding windows, equal to the truth of the settled minutes', async () => {
    const zone = zoneIDs[1]!;
    const query = `query ($z: string!, $from: Time!, $to: Time!) { viewer { zones(filter: { zoneTag: $z }) {
      httpRequestsAdaptiveGroups(limit: 10000, filter: { datetime_geq: $from, datetime_lt: $to, requestSource: "eyeball" }) {
        count dimensions { datetimeMinute coloCode } } } } }`;
    const end = h.clock.now() - 10 * 60_000;
    const window = async (shift: number) => {
      const res = await h.gql(query, { z: zone, from: iso(end - (5 - shift) * 60_000), to: iso(end + shift * 60_000) });
      const groups = res.body.data!.viewer.zones[0]!['httpRequestsAdaptiveGroups'] as Group[];
      return new Map(
        groups.map((g) => [`${String(g.dimensions['datetimeMinute'])}|${String(g.dimensions['coloCode'])}`, g.count]),
      );
    };
    const [a, b] = [await window(0), await window(1)];
    for (let m = 1; m < 5; m++) {
      const minute = end - (5 - m) * 60_000;
      const truth = h.server.simulator
        .truth(zone, 'httpRequestsAdaptiveGroups', minute, ['requestSource', 'coloCode'])
        .filter((p) => p.dimensions['requestSource'] === 'eyeball');
      expect(truth.length).toBeGreaterThan(0);
      for (const p of truth) {
        const key = `${iso(minute).replace('.000Z', 'Z')}|${p.dimensions['coloCode']}`;
        expect([a.get(key), b.get(key)]).toEqual([p.values['count'], p.values['count']]);
      }
    }
  });

  it('answers introspection with the Cloudflare type and filter names', async () => {
    const res = await h.gql(
      `{ __type(name: "ZoneHttpRequestsAdaptiveGroupsFilter_InputObject") { inputFields { name type { name } } } }`,
    );
    const fields = (
      res.body.data as unknown as { __type: { inputFields: { name: string; type: { name: string | null } }[] } }
    ).__type.inputFields;
    const byName = new Map(fields.map((f) => [f.name, f.type.name]));
    expect(byName.get('datetime_geq')).toBe('Time');
    expect(byName.get('edgeResponseStatus_geq')).toBe('uint16');
    expect(byName.get('cacheStatus_notin')).toBeNull(); // a list: [string!]
    expect(byName.get('clientRequestHTTPHost_like')).toBe('string');
  });

  it('reports dataset limits through the settings node', async () => {
    const res = await h.gql(`{ viewer { zones(filter: { zoneTag: "${zoneIDs[0]}" }) { settings {
      httpRequestsAdaptiveGroups { enabled maxDuration notOlderThan maxPageSize } } } } }`);
    const settings = res.body.data!.viewer.zones[0]!['settings'] as Record<string, Record<string, unknown>>;
    expect(settings['httpRequestsAdaptiveGroups']).toEqual({
      enabled: true,
      maxDuration: 86400,
      notOlderThan: 259200,
      maxPageSize: 10000,
    });
  });
});
