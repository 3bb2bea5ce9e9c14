import { describe, expect, it } from 'vitest';
import { LABLABS_ZONE_TOTALS } from './queries.js';
import { iso, startHarness, type Harness } from './support.js';

const COLO = `query ($zones: [string!], $from: Time!, $to: Time!) { viewer { zones(filter: { zoneTag_in: $zones }) {
  httpRequestsAdaptiveGroups(limit: 10000, filter: { datetime_geq: $from, datetime_lt: $to }, orderBy: [datetimeMinute_ASC, count_DESC]) {
    count avg { sampleInterval } sum { edgeResponseBytes visits } dimensions { datetimeMinute coloCode edgeResponseStatus } } } } }`;

/** A fixed script of requests over 8 minutes of virtual time; returns every response body verbatim. */
async function script(h: Harness): Promise<string[]> {
  const zones = h.server.simulator.zones.map((z) => z.tag);
  const bodies: string[] = [];
  for (let i = 0; i < 16; i++) {
    h.clock.advance(30_000);
    const now = h.clock.now();
    const colo = await h.gql(COLO, { zones, from: iso(now - 10 * 60_000), to: iso(now) });
    bodies.push(colo.text);
    if (i % 5 === 0) {
      const maxtime = Math.floor(now / 60_000) * 60_000 - 3 * 60_000;
      const totals = await h.gql(LABLABS_ZONE_TOTALS, {
        zoneIDs: zones,
        mintime: iso(maxtime - 60_000),
        maxtime: iso(maxtime),
        limit: 9999,
      });
      bodies.push(totals.text);
    }
  }
  // Errors carry the (virtual) time too.
  bodies.push((await h.gql('{ viewer { zones { zoneTag nope } } }')).text);
  return bodies;
}

describe('determinism', () => {
  it('same seed, same clock, same requests → byte-identical responses (errors and sampling noise included)', async () => {
    const options = { zones: 3, seed: 7, samplingNoise: 0.05, errorRate: 0.1 };
    const a = await startHarness(options);
    const b = await startHarness(options);
    const [first, second] = [await script(a), await script(b)];
    await Promise.all([a.server.close(), b.server.close()]);
    expect(second).toEqual(first);
    expect(first.filter((body) => body.includes('"errors":null')).length).toBeGreaterThan(10);
  }, 60_000);

  it('a different seed gives different zones and traffic', async () => {
    const a = await startHarness({ zones: 2, seed: 1 });
    const b = await startHarness({ zones: 2, seed: 2 });
    expect(a.server.simulator.zones.map((z) => z.tag)).not.toEqual(b.server.simulator.zones.map((z) => z.tag));
    const minute = a.clock.now();
    const ta = a.server.simulator.truth(a.server.simulator.zones[0]!.tag, 'httpRequests1mGroups', minute)[0]!.values;
    const tb = b.server.simulator.truth(b.server.simulator.zones[0]!.tag, 'httpRequests1mGroups', minute)[0]!.values;
    expect(ta).not.toEqual(tb);
    await Promise.all([a.server.close(), b.server.close()]);
  });

  it('with sampling noise two identical queries of a settled minute disagree slightly; without, they agree', async () => {
    for (const noise of [0.05, 0]) {
      const h = await startHarness({ zones: 1, samplingNoise: noise });
      h.clock.advance(20 * 60_000);
      const vars = {
        zones: [h.server.simulator.zones[0]!.tag],
        from: iso(h.clock.now() - 15 * 60_000),
        to: iso(h.clock.now() - 10 * 60_000),
      };
      const counts = async () =>
        (
          (await h.gql(COLO, vars)).body.data!.viewer.zones[0]!['httpRequestsAdaptiveGroups'] as { count: number }[]
        ).reduce((s, g) => s + g.count, 0);
      const [x, y] = [await counts(), await counts()];
      if (noise > 0) {
        expect(x).not.toBe(y);
        expect(Math.abs(x - y) / x).toBeLessThan(0.05);
      } else expect(x).toBe(y);
      await h.server.close();
    }
  });
});
