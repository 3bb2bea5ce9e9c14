import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, START, startHarness, type Harness } from './support.js';

const QUERY = `query ($zone: string!, $from: Time!, $to: Time!) { viewer { zones(filter: { zoneTag: $zone }) {
  rollup: httpRequests1mGroups(limit: 1000, filter: { datetime_geq: $from, datetime_lt: $to }, orderBy: [datetimeMinute_ASC]) {
    sum { requests bytes countryMap { clientCountryName requests bytes threats } } uniq { uniques } dimensions { datetimeMinute } }
  adaptive: httpRequestsAdaptiveGroups(limit: 10000, filter: { datetime_geq: $from, datetime_lt: $to }) {
    count sum { edgeResponseBytes visits } dimensions { datetimeMinute edgeResponseStatus clientCountryName } }
  firewall: firewallEventsAdaptiveGroups(limit: 10000, filter: { datetime_geq: $from, datetime_lt: $to }) {
    count dimensions { datetimeMinute action source ruleId clientCountryName clientRequestHTTPHost } } } } }`;

interface Rollup {
  sum: {
    requests: number;
    bytes: number;
    countryMap: { clientCountryName: string; requests: number; bytes: number; threats: number }[];
  };
  uniq: { uniques: number };
  dimensions: { datetimeMinute: string };
}
interface Group {
  count: number;
  sum?: { edgeResponseBytes: number; visits: number };
  dimensions: Record<string, string | number>;
}
interface Poll {
  at: number;
  rollup: Rollup[];
  adaptive: Group[];
  firewall: Group[];
}

const MINUTES = 5;
const POLLS = 26;

describe('settling over HTTP, polled every 30 s of virtual time', () => {
  let h: Harness;
  let zone: string;
  const polls: Poll[] = [];

  beforeAll(async () => {
    h = await startHarness({ zones: 2, seed: 42 });
    zone = h.server.simulator.zones[0]!.tag;
    for (let i = 0; i < POLLS; i++) {
      const res = await h.gql(QUERY, { zone, from: iso(START), to: iso(START + MINUTES * 60_000) });
      expect(res.status).toBe(200);
      const z = res.body.data!.viewer.zones[0] as unknown as Omit<Poll, 'at'>;
      polls.push({ at: h.clock.now(), ...z });
      h.clock.advance(30_000);
    }
  });
  afterAll(async () => {
    await h.server.close();
  });

  const minuteMs = (m: number): number => START + m * 60_000;
  const series = (pick: (p: Poll) => Map<string, number>): Map<string, number[]> => {
    const out = new Map<string, number[]>();
    polls.forEach((p, i) => {
      for (const [k, v] of pick(p)) {
        if (!out.has(k)) out.set(k, new Array<number>(POLLS).fill(0));
        out.get(k)![i] = v;
      }
    });
    return out;
  };
  const adaptiveSeries = (): Map<string, number[]> =>
    series(
      (p) =>
        new Map(
          p.adaptive.map((g) => [
            `${g.dimensions['datetimeMinute']}|${g.dimensions['edgeResponseStatus']}|${g.dimensions['clientCountryName']}`,
            g.count,
          ]),
        ),
    );
  const rollupOf = (p: Poll, m: number) =>
    p.rollup.find((r) => r.dimensions.datetimeMinute === iso(minuteMs(m)).replace('.000Z', 'Z'));

  it('never shows a minute before it starts, and shows a running minute partially', () => {
    expect(polls[0]!.rollup).toEqual([]);
    let running = 0;
    for (const p of polls) {
      for (let m = 0; m < MINUTES; m++) {
        const r = rollupOf(p, m);
        if (p.at < minuteMs(m)) expect(r).toBeUndefined();
        else if (p.at < minuteMs(m) + 60_000 && r !== undefined) {
          running++;
          expect(r.sum.requests).toBeLessThan(
            h.server.simulator.truth(zone, 'httpRequests1mGroups', minuteMs(m))[0]!.values['requests']!,
          );
        }
      }
    }
    expect(running).toBeGreaterThan(0);
    // Every minute is visible as soon as it has ended.
    for (let m = 0; m < MINUTES; m++) expect(rollupOf(polls[2 * (m + 1)]!, m)).toBeDefined();
  });

  it('rises monotonically for every series and ends on the truth', () => {
    const s = adaptiveSeries();
    expect(s.size).toBeGreaterThan(20);
    for (const [key, values] of s) {
      for (let i = 1; i < values.length; i++) expect(values[i], key).toBeGreaterThanOrEqual(values[i - 1]!);
    }
    for (let m = 0; m < MINUTES; m++) {
      const truth = h.server.simulator.truth(zone, 'httpRequestsAdaptiveGroups', minuteMs(m), [
        'edgeResponseStatus',
        'clientCountryName',
      ]);
      const minute = iso(minuteMs(m)).replace('.000Z', 'Z');
      for (const p of truth) {
        const key = `${minute}|${p.dimensions['edgeResponseStatus']}|${p.dimensions['clientCountryName']}`;
        expect(s.get(key)?.[POLLS - 1], key).toBe(p.values['count']);
      }
      const served = [...s.entries()].filter(([k, v]) => k.startsWith(minute) && v[POLLS - 1]! > 0);
      expect(served).toHaveLength(truth.length);
    }
  });

  it('settles each minute 2–6 minutes after it ends, holding values across polls on the way', () => {
    let holds = 0;
    for (let m = 0; m < MINUTES; m++) {
      const end = minuteMs(m) + 60_000;
      const settledAt = h.server.simulator.settledAt(zone, minuteMs(m));
      expect(settledAt - end).toBeGreaterThanOrEqual(120_000);
      expect(settledAt - end).toBeLessThanOrEqual(360_000);
      const truth = h.server.simulator.truth(zone, 'httpRequests1mGroups', minuteMs(m))[0]!.values['requests'];
      const truthBytes = h.server.simulator.truth(zone, 'httpRequests1mGroups', minuteMs(m))[0]!.values['bytes'];
      const seen = polls.map((p) => rollupOf(p, m)?.sum.requests ?? 0);
      polls.forEach((p, i) => {
        const bytes = rollupOf(p, m)?.sum.bytes ?? 0;
        if (p.at >= settledAt) expect([seen[i], bytes]).toEqual([truth, truthBytes]);
        // The last step still adds something (bytes are large enough not to round it away).
        else if (p.at >= settledAt - 30_000) expect(bytes).toBeLessThan(truthBytes!);
      });
      for (let i = 1; i < seen.length - 1; i++)
        if (seen[i] === seen[i - 1] && seen[i]! > 0 && seen[i]! < truth!) holds++;
    }
    expect(holds).toBeGreaterThan(0);
  });

  it('keeps httpRequests1mGroups and the sum of httpRequestsAdaptiveGroups equal at every poll', () => {
    for (const p of polls) {
      for (const r of p.rollup) {
        const groups = p.adaptive.filter((g) => g.dimensions['datetimeMinute'] === r.dimensions.datetimeMinute);
        expect(groups.reduce((s, g) => s + g.count, 0)).toBe(r.sum.requests);
        expect(groups.reduce((s, g) => s + g.sum!.edgeResponseBytes, 0)).toBe(r.sum.bytes);
        expect(r.sum.countryMap.reduce((s, c) => s + c.requests, 0)).toBe(r.sum.requests);
      }
    }
  });

  it('serves exactly the truth once settled: rollup totals, country map, firewall events, over /__truth too', async () => {
    const last = polls[POLLS - 1]!;
    for (let m = 0; m < MINUTES; m++) {
      const minute = iso(minuteMs(m)).replace('.000Z', 'Z');
      const truth = h.server.simulator.truth(zone, 'httpRequests1mGroups', minuteMs(m));
      const rollup = last.rollup.find((r) => r.dimensions.datetimeMinute === minute)!;
      expect(rollup.sum.requests).toBe(truth[0]!.values['requests']);
      expect(rollup.sum.bytes).toBe(truth[0]!.values['bytes']);
      expect(rollup.uniq.uniques).toBe(truth[0]!.values['uniques']);
      const countries = truth.filter((p) => p.dimensions['map'] === 'countryMap');
      expect(rollup.sum.countryMap.map((c) => [c.clientCountryName, c.requests, c.bytes, c.threats])).toEqual(
        countries.map((p) => [
          p.dimensions['clientCountryName'],
          p.values['requests'],
          p.values['bytes'],
          p.values['threats'],
        ]),
      );
      const res = await h.get(
        `/__truth?zone=${zone}&dataset=firewallEventsAdaptiveGroups&from=${iso(minuteMs(m))}`,
        '',
      );
      const fw = JSON.parse(res.text) as { dimensions: Record<string, string>; values: { count: number } }[];
      const served = last.firewall.filter((g) => g.dimensions['datetimeMinute'] === minute);
      const key = (d: Record<string, string | number>) =>
        ['action', 'source', 'ruleId', 'clientCountryName', 'clientRequestHTTPHost'].map((k) => d[k]).join('|');
      expect(new Map(served.map((g) => [key(g.dimensions), g.count]))).toEqual(
        new Map(fw.map((p) => [key(p.dimensions), p.values.count])),
      );
    }
  });
});
