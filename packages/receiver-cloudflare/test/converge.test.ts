import type { Batch } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { START, drive, pointsOf } from './support/harness.js';
import { simRig } from './support/rigs.js';

/** The part of @settle/processor-converge's engine this test uses (imported at run time: see below). */
interface EmissionLike {
  readonly info?:
    { readonly descriptor: { readonly name: string }; readonly attributes: Record<string, unknown> } | undefined;
  readonly startMs: number | undefined;
  readonly value: number;
}
interface EngineLike {
  ingest(batch: Batch, now: number): Iterable<EmissionLike>;
  expire(now: number): Iterable<EmissionLike>;
  flush(): Iterable<EmissionLike>;
}

/**
 * The converge engine is written by another package in parallel; this test uses it when it loads and
 * otherwise checks the last polled values (what converge would settle on) against the truth.
 */
async function loadEngine(): Promise<EngineLike | undefined> {
  const name = '@settle/processor-converge';
  try {
    const mod = (await import(name)) as { ConvergeEngine?: new () => EngineLike };
    return mod.ConvergeEngine === undefined ? undefined : new mod.ConvergeEngine();
  } catch (err) {
    console.warn(`converge engine not loadable (${String(err)}); comparing the last polled values with the truth`);
    return undefined;
  }
}

const METRICS: Record<string, string> = {
  cloudflare_zone_requests_total: 'requests',
  cloudflare_zone_bandwidth_total: 'bytes',
  cloudflare_zone_requests_cached: 'cachedRequests',
  cloudflare_zone_pageviews_total: 'pageViews',
};

describe('values settle to the truth', () => {
  it('per-minute totals pushed through converge equal the simulator truth', async () => {
    const { clock, server, rig } = await simRig({ zones: 3, seed: 7 }, { datasets: ['http_requests'] });
    const engine = await loadEngine();
    const settled = new Map<string, number>();
    const record = (out: Iterable<EmissionLike>): void => {
      for (const e of out) {
        if (e.info === undefined || e.startMs === undefined) continue;
        settled.set(`${e.info.descriptor.name}|${String(e.info.attributes.zone)}|${e.startMs}`, e.value);
      }
    };

    await rig.receiver.start(rig.host);
    let fed = 0;
    const feed = (): void => {
      for (const b of rig.sink.batches.slice(fed)) {
        if (engine !== undefined) record(engine.ingest(b, clock.now()));
      }
      fed = rig.sink.batches.length;
      if (engine !== undefined) record(engine.expire(clock.now()));
    };
    for (let minute = 0; minute < 30; minute++) {
      await drive(clock, rig.receiver, 60_000);
      feed();
    }
    if (engine !== undefined) record(engine.flush());
    else {
      for (const name of Object.keys(METRICS)) {
        for (const p of pointsOf(rig.sink.batches, name))
          settled.set(`${name}|${String(p.attributes.zone)}|${p.startMs}`, p.value);
      }
    }

    // Minutes that started after the receiver did were watched from their first value to their last.
    let compared = 0;
    for (const zone of server.simulator.zones) {
      for (let m = START; m < START + 15 * 60_000; m += 60_000) {
        const truth = server.simulator
          .truth(zone.tag, 'httpRequests1mGroups', m)
          .find((t) => Object.keys(t.dimensions).length === 0);
        for (const [metric, field] of Object.entries(METRICS)) {
          const expected = truth?.values[field];
          const got = settled.get(`${metric}|${zone.name}|${m}`);
          expect(got, `${metric} ${zone.name} ${new Date(m).toISOString()}`).toBe(expected);
          compared++;
        }
      }
    }
    expect(compared).toBe(3 * 15 * 4);
    expect(server.simulator.stats().rateLimited).toBe(0);
  });
});
