import { afterEach, describe, expect, it } from 'vitest';
import { iso, startHarness, type Harness } from './support.js';

const ADAPTIVE = `query ($zones: [string!], $from: Time!, $to: Time!, $limit: uint64!) { viewer { zones(filter: { zoneTag_in: $zones }) {
  zoneTag httpRequestsAdaptiveGroups(limit: $limit, filter: { datetime_geq: $from, datetime_lt: $to }) { count dimensions { datetimeMinute } } } } }`;

describe("Cloudflare's limits and error replies", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.server.close();
    h = undefined;
  });

  async function ask(harness: Harness, zones: string[], fromAgoMin: number, toAgoMin: number, limit = 100) {
    const now = harness.clock.now();
    return harness.gql(ADAPTIVE, {
      zones,
      from: iso(now - fromAgoMin * 60_000),
      to: iso(now - toAgoMin * 60_000),
      limit,
    });
  }

  it('refuses more than 10 zones in one query', async () => {
    h = await startHarness({ zones: 12 });
    const tags = h.server.simulator.zones.map((z) => z.tag);
    const ok = await ask(h, tags.slice(0, 10), 10, 5);
    expect(ok.status).toBe(200);
    expect(ok.body.data!.viewer.zones).toHaveLength(10);
    const res = await ask(h, tags.slice(0, 11), 10, 5);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toEqual([
      {
        message: "number of zones can't be more than 10",
        path: ['viewer', 'zones'],
        extensions: { timestamp: expect.any(String) as string },
      },
    ]);
  });

  it('counts, per zone and per token, the answered queries that asked for the zone', async () => {
    h = await startHarness({ zones: 3, tokens: ['a', 'b'] });
    const [z1, z2, z3] = h.server.simulator.zones.map((z) => z.tag);
    await h.gql(
      ADAPTIVE,
      { zones: [z1, z2], from: iso(h.clock.now() - 600_000), to: iso(h.clock.now()), limit: 10 },
      'a',
    );
    await h.gql(ADAPTIVE, { zones: [z2], from: iso(h.clock.now() - 600_000), to: iso(h.clock.now()), limit: 10 }, 'b');
    await h.gql(ADAPTIVE, { zones: [z2], from: iso(h.clock.now() - 600_000), to: iso(h.clock.now()), limit: 10 }, 'b');
    expect(h.server.simulator.stats().byZoneToken).toEqual({ [z1!]: { a: 1 }, [z2!]: { a: 1, b: 2 } });
    expect(h.server.simulator.stats().byZoneToken[z3!]).toBeUndefined();
  });

  it('refuses limit 10001 and 0 with the real message, naming the zone and dataset', async () => {
    h = await startHarness();
    const tags = h.server.simulator.zones.map((z) => z.tag);
    for (const limit of [10_001, 0]) {
      const res = await ask(h, tags, 10, 5, limit);
      expect(res.status).toBe(400);
      expect(res.body.data).toBeNull();
      expect(res.body.errors![0]!.message).toBe('limit must be positive number and not greater than 10000');
      expect(res.body.errors![0]!.path).toEqual(['viewer', 'zones', '0', 'httpRequestsAdaptiveGroups']);
    }
    expect((await ask(h, tags, 10, 5, 10_000)).status).toBe(200);
  });

  it('refuses a time range wider than maxDuration, an unbounded one, and data older than the retention', async () => {
    h = await startHarness({
      retentionMs: 2 * 86_400_000,
      datasetLimits: { httpRequestsAdaptiveGroups: { maxDurationMs: 3_600_000 } },
    });
    const tags = h.server.simulator.zones.map((z) => z.tag).slice(0, 1);
    h.clock.advance(3 * 86_400_000);
    const wide = await ask(h, tags, 61, 0);
    expect(wide.status).toBe(400);
    expect(wide.body.errors![0]!.message).toBe('query time range is too large, max duration is 3600s');
    expect((await ask(h, tags, 60, 0)).status).toBe(200);

    const old = await ask(h, tags, 2 * 1440 + 5, 2 * 1440 - 5);
    expect(old.status).toBe(400);
    expect(old.body.errors![0]!.message).toBe('cannot request data older than 172800s');

    const unbounded = await h.gql(
      `query ($z: string!) { viewer { zones(filter: { zoneTag: $z }) { httpRequestsAdaptiveGroups(limit: 10, filter: {}) { count } } } }`,
      { z: tags[0] },
    );
    expect(unbounded.status).toBe(400);
    expect(unbounded.body.errors![0]!.message).toMatch(/^query time range is too large/);
  });

  it('counts queries per token, refuses the 6th of a 5-query quota with the real message, restores it after the window', async () => {
    h = await startHarness({ quota: { queries: 5, windowMs: 300_000 }, tokens: ['a', 'b'] });
    const budget = async (token: string) => {
      const res = await h!.gql('{ viewer { budget } }', {}, token);
      return res;
    };
    for (let i = 0; i < 5; i++) {
      const res = await budget('a');
      expect(res.status).toBe(200);
      expect((res.body.data!.viewer as unknown as { budget: number }).budget).toBe(4 - i);
      h.clock.advance(10_000);
    }
    const refused = await budget('a');
    expect(refused.status).toBe(429);
    expect(refused.body.errors![0]!.message).toBe('quota exceeded, please repeat your request in the next minute');
    // The first query was 50 s ago: its slot frees 250 s from now.
    expect(refused.headers.get('retry-after')).toBe('250');
    expect((await budget('b')).status).toBe(200);
    expect(h.server.simulator.stats()).toMatchObject({ queries: 6, rateLimited: 1, byToken: { a: 5, b: 1 } });

    h.clock.advance(249_000);
    expect((await budget('a')).status).toBe(429);
    h.clock.advance(1_000);
    expect((await budget('a')).status).toBe(200);
  });

  it('answers a missing or unknown token with HTTP 403 "Authentication error" and does not count it', async () => {
    h = await startHarness();
    for (const token of ['', 'wrong-token']) {
      const res = await h.gql('{ viewer { budget } }', {}, token);
      expect(res.status).toBe(403);
      expect(res.body.data).toBeNull();
      expect(res.body.errors![0]!.message).toBe('Authentication error');
    }
    expect(h.server.simulator.stats()).toMatchObject({ queries: 0, authFailures: 2 });
  });

  it('injects each kind of transient failure on demand', async () => {
    h = await startHarness();
    const sim = h.server.simulator;
    const expectations: [Parameters<typeof sim.injectFaults>[0], number, string | RegExp][] = [
      ['unavailable', 503, 'unable to execute query, please try again later'],
      ['unavailable200', 200, 'unable to execute query, please try again later'],
      ['tooManyInProgress', 503, 'too many queries in progress, please try again later'],
      ['quota', 429, 'quota exceeded, please repeat your request in the next minute'],
      ['budget', 429, 'rate limiter budget depleted, try again after 5 minutes'],
    ];
    for (const [kind, status, message] of expectations) {
      sim.injectFaults(kind);
      const res = await h.gql('{ viewer { budget } }');
      expect(res.status).toBe(status);
      expect(res.body.data).toBeNull();
      expect(res.body.errors![0]!.message).toBe(message);
    }
    sim.injectFaults('badGateway');
    const gateway = await h.gql('{ viewer { budget } }');
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get('content-type')).toBe('text/html');
    sim.injectFaults('malformed');
    const malformed = await h.gql('{ viewer { budget } }');
    expect(() => JSON.parse(malformed.text) as unknown).toThrow();
    expect((await h.gql('{ viewer { budget } }')).status).toBe(200);
    expect(sim.stats().injectedErrors).toBe(7);
  });

  it('fails about errorRate of the requests at random, reproducibly', async () => {
    const statuses = async (): Promise<number[]> => {
      const harness = await startHarness({ errorRate: 0.3, seed: 9 });
      const out: number[] = [];
      for (let i = 0; i < 60; i++) {
        const res = await harness.gql('{ viewer { budget } }');
        out.push(res.status === 200 && res.body.errors === null ? 0 : 1);
      }
      await harness.server.close();
      return out;
    };
    const first = await statuses();
    const failures = first.reduce((s, v) => s + v, 0);
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
    expect(await statuses()).toEqual(first);
  });

  it('denies a dataset to a zone with an authz error and reports it disabled in settings', async () => {
    h = await startHarness({ denied: [{ zone: 1, dataset: 'firewallEventsAdaptiveGroups' }] });
    const [a, b] = h.server.simulator.zones.map((z) => z.tag);
    const now = h.clock.now();
    const query = `query ($zones: [string!], $from: Time!, $to: Time!) { viewer { zones(filter: { zoneTag_in: $zones }) {
      settings { firewallEventsAdaptiveGroups { enabled } }
      firewallEventsAdaptiveGroups(limit: 10, filter: { datetime_geq: $from, datetime_lt: $to }) { count } } } }`;
    const vars = { from: iso(now - 600_000), to: iso(now) };
    const denied = await h.gql(query, { ...vars, zones: [a, b] });
    expect(denied.status).toBe(200);
    expect(denied.body.data).toBeNull();
    expect(denied.body.errors![0]).toMatchObject({
      message: `zone '${b}' does not have access to the path`,
      path: ['viewer', 'zones', '1', 'firewallEventsAdaptiveGroups'],
      extensions: { code: 'authz' },
    });
    const settings = await h.gql(
      `{ viewer { zones(filter: { zoneTag: "${b}" }) { settings { firewallEventsAdaptiveGroups { enabled } } } } }`,
    );
    expect(settings.body.data!.viewer.zones[0]).toEqual({
      settings: { firewallEventsAdaptiveGroups: { enabled: false } },
    });
    expect((await h.gql(query, { ...vars, zones: [a] })).status).toBe(200);
  });

  it('answers unknown zone tags with an authz error', async () => {
    h = await startHarness();
    const res = await ask(h, ['0'.repeat(32)], 10, 5);
    expect(res.status).toBe(200);
    expect(res.body.errors![0]).toMatchObject({
      message: `zones [${'0'.repeat(32)}] are not authorized`,
      extensions: { code: 'authz' },
    });
  });
});
