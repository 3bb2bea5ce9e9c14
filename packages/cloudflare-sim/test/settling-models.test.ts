import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';
import { iso, START, startHarness, type Harness } from './support.js';

const ROLLUP = `query ($zone: string!, $from: Time!, $to: Time!) { viewer { zones(filter: { zoneTag: $zone }) {
  httpRequests1mGroups(limit: 100, filter: { datetime_geq: $from, datetime_lt: $to }) { sum { requests } } } } }`;

/** requests of one zone-minute as served now over GraphQL (0 when nothing of it is visible). */
async function served(h: Harness, zone: string, minuteMs: number): Promise<number> {
  const res = await h.gql(ROLLUP, { zone, from: iso(minuteMs), to: iso(minuteMs + 60_000) });
  const rows = res.body.data!.viewer.zones[0]!['httpRequests1mGroups'] as { sum: { requests: number } }[];
  return rows[0]?.sum.requests ?? 0;
}

interface TruthRow {
  minuteMs: number;
  settledAtMs: number;
  dimensions: Record<string, string>;
  values: Record<string, number>;
}

async function truthOf(h: Harness, zone: string, minuteMs: number): Promise<TruthRow> {
  const res = await h.get(`/__truth?zone=${zone}&dataset=httpRequests1mGroups&from=${iso(minuteMs)}`, '');
  return (JSON.parse(res.text) as TruthRow[]).find((p) => Object.keys(p.dimensions).length === 0)!;
}

describe('settling models over HTTP', () => {
  it('heavy-tail: a tail minute is served short 5 min after its end and equal to /__truth once settled', async () => {
    const h = await startHarness({ zones: 10, seed: 3, settling: 'heavy-tail' });
    try {
      const sim = h.server.simulator;
      expect(sim.settling).toBe('heavy-tail');
      // The zone-minutes of the first 10 minutes whose last change is more than 6 min after their end (tails).
      const tails = sim.zones.flatMap((z) =>
        Array.from({ length: 10 }, (_, m) => ({ zone: z.tag, minute: START + m * 60_000 })).filter(
          (x) => sim.settledAt(x.zone, x.minute) - (x.minute + 60_000) > 360_000,
        ),
      );
      expect(tails.length).toBeGreaterThan(0);
      for (const t of tails) {
        const truth = await truthOf(h, t.zone, t.minute);
        expect(truth.settledAtMs).toBe(sim.settledAt(t.zone, t.minute));
        h.clock.set(t.minute + 60_000 + 300_000);
        expect(await served(h, t.zone, t.minute)).toBeLessThan(truth.values['requests']!);
        h.clock.set(truth.settledAtMs - 1);
        expect(await served(h, t.zone, t.minute)).toBeLessThan(truth.values['requests']!);
        h.clock.set(truth.settledAtMs);
        expect(await served(h, t.zone, t.minute)).toBe(truth.values['requests']);
      }
    } finally {
      await h.server.close();
    }
  });

  it('fast: every minute served equal to /__truth 60 s after its end, and changing until then', async () => {
    const h = await startHarness({ zones: 3, seed: 3, settling: 'fast' });
    try {
      for (const z of h.server.simulator.zones) {
        for (let m = 0; m < 5; m++) {
          const minute = START + m * 60_000;
          const truth = await truthOf(h, z.tag, minute);
          expect(truth.settledAtMs - (minute + 60_000)).toBeLessThanOrEqual(60_000);
          h.clock.set(minute + 120_000);
          expect(await served(h, z.tag, minute)).toBe(truth.values['requests']);
          h.clock.set(minute + 50_000);
          expect(await served(h, z.tag, minute)).toBeLessThan(truth.values['requests']!);
        }
      }
    } finally {
      await h.server.close();
    }
  });

  it('same seed, different model: the same final values, settled at different times', () => {
    const a = createSimulator({ seed: 5, zones: 2, clock: { now: () => START } });
    const b = createSimulator({ seed: 5, zones: 2, clock: { now: () => START }, settling: 'fast' });
    const zone = a.zones[0]!.tag;
    const strip = (t: ReturnType<typeof a.truth>) => t.map(({ settledAtMs: _s, ...rest }) => rest);
    expect(strip(b.truth(zone, 'httpRequests1mGroups', START))).toEqual(
      strip(a.truth(zone, 'httpRequests1mGroups', START)),
    );
    expect(b.settledAt(zone, START)).toBeLessThan(a.settledAt(zone, START));
    expect(a.settling).toBe('default');
  });

  it('refuses an unknown model by name', () => {
    // @ts-expect-error: JavaScript callers can pass any string
    expect(() => createSimulator({ settling: 'slow' })).toThrow('settling must be one of default, fast, heavy-tail');
  });
});
