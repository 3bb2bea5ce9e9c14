import { describe, expect, it } from 'vitest';
import { aggregateMinute } from './minute-aggregate.js';
import { SETTLING_MODEL_NAMES, settlingModel } from './settling-models.js';
import { TrafficModel } from './traffic-model.js';
import { makeZones } from './zones.js';

const MINUTE = Date.UTC(2026, 0, 1, 9, 30);
const zones = makeZones(5, 4, 800);
const model = new TrafficModel(5, zones);

describe('TrafficModel', () => {
  it('shows nothing of a minute that has not started', () => {
    expect(model.visible(zones[0]!, MINUTE, MINUTE - 1)).toBeUndefined();
  });

  it('never lowers a cell between two instants and ends on the final cells', () => {
    for (const zone of zones) {
      const final = model.finalMinute(zone, MINUTE);
      let previous = new Map<string, number>();
      for (let t = MINUTE; t <= MINUTE + 8 * 60_000; t += 5_000) {
        const view = model.visible(zone, MINUTE, t);
        const now = new Map((view?.cells ?? []).map((c) => [c.key, c.count]));
        for (const [key, count] of previous) expect(now.get(key) ?? 0).toBeGreaterThanOrEqual(count);
        for (const count of now.values()) expect(count).toBeGreaterThan(0);
        previous = now;
      }
      expect(previous).toEqual(new Map(final.cells.map((c) => [c.key, c.count])));
    }
  });

  it.each(SETTLING_MODEL_NAMES)('%s model: never lowers a cell, final exactly at its settle time', (name) => {
    const m = new TrafficModel(5, zones, 5_000, settlingModel(name));
    // The four zone-minutes of the first 20 minutes that settle last: heavy-tail's late parts among them.
    const picked = zones
      .flatMap((zone) => Array.from({ length: 20 }, (_, i) => ({ zone, minute: MINUTE + i * 60_000 })))
      .sort((a, b) => m.settledAtMs(b.zone, b.minute) - b.minute - (m.settledAtMs(a.zone, a.minute) - a.minute))
      .slice(0, 4);
    for (const { zone, minute } of picked) {
      const final = new Map(m.finalMinute(zone, minute).cells.map((c) => [c.key, c.count]));
      const settledAt = m.settledAtMs(zone, minute);
      let previous = new Map<string, number>();
      for (let t = minute; t <= minute + 12 * 60_000; t += 10_000) {
        const now = new Map((m.visible(zone, minute, t)?.cells ?? []).map((c) => [c.key, c.count]));
        for (const [key, count] of previous) expect(now.get(key) ?? 0).toBeGreaterThanOrEqual(count);
        if (t >= settledAt) expect(now).toEqual(final);
        previous = now;
      }
      expect(m.visible(zone, minute, settledAt - 1)!.final).toBe(false);
    }
  });

  it('omits zero-count cells early on, so some series appear only in later polls', () => {
    const zone = zones[0]!;
    const firstStep = MINUTE + 60_000 + model.schedule(zone, MINUTE).ages[0]! * 1000;
    expect(model.visible(zone, MINUTE, firstStep - 1)).toBeUndefined();
    const early = model.visible(zone, MINUTE, firstStep)!;
    expect(early.cells.length).toBeLessThan(model.finalMinute(zone, MINUTE).cells.length);
  });

  it('derives the 1m rollup from the same cells as the adaptive dataset', () => {
    const zone = zones[1]!;
    const view = model.visible(zone, MINUTE, MINUTE + 100_000)!;
    const agg = view.aggregate();
    expect(agg.totals.requests).toBe(view.cells.reduce((s, c) => s + c.count, 0));
    expect(agg.totals.bytes).toBe(view.cells.reduce((s, c) => s + c.edgeResponseBytes, 0));
    expect(agg.totals.cachedRequests).toBe(view.cells.filter((c) => c.cached).reduce((s, c) => s + c.count, 0));
    expect([...agg.maps.responseStatusMap.values()].reduce((s, v) => s + v.requests, 0)).toBe(agg.totals.requests);
    expect(aggregateMinute(view.cells, view.uniques)).toEqual(agg);
  });

  it('follows a daily cycle: a zone busier at its peak than 12 hours later', () => {
    const zone = zones[2]!;
    const total = (t: number) => model.finalMinute(zone, t).cells.reduce((s, c) => s + c.count, 0);
    const day = Array.from({ length: 24 }, (_, h) => total(Date.UTC(2026, 0, 2, h)));
    expect(Math.max(...day)).toBeGreaterThan(1.5 * Math.min(...day));
  });
});
