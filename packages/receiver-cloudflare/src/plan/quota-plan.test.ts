import { describe, expect, it } from 'vitest';
import { spreadCounts, spreadZones } from '../credentials/spread-zones.js';
import { planQuota } from './quota-plan.js';

const base = { datasets: 2, pollIntervalMs: 30_000, quota: { queries: 300, per: 300_000 }, maxZonesPerQuery: 10 };

describe('planQuota', () => {
  it('keeps the poll interval while one poll per interval fits the window', () => {
    const p = planQuota({ ...base, zones: 150 });
    expect(p).toMatchObject({ queriesPerPoll: 30, queriesPerWindow: 300, fits: true, effectiveIntervalMs: 30_000 });
  });

  it('stretches the interval to 90 % of the quota when it does not fit, and backfill gets the rest', () => {
    const p = planQuota({ ...base, zones: 300, backfill: { rangeMs: 3_600_000, chunkMs: 600_000 } });
    expect(p.fits).toBe(false);
    expect(p.effectiveIntervalMs).toBe(66_667);
    expect(Math.round(p.effectiveQueriesPerWindow)).toBe(270);
    expect(p.backfill).toEqual({ queries: 6 * 2 * 30, sparePerWindow: 30, durationMs: 12 * 300_000 });
  });

  it('counts one query per account per account-scoped dataset, besides the zone groups', () => {
    const p = planQuota({
      ...base,
      zones: 150,
      accounts: 3,
      accountDatasets: 2,
      backfill: { rangeMs: 600_000, chunkMs: 600_000 },
    });
    expect(p.queriesPerPoll).toBe(30 + 6);
    expect(p.fits).toBe(false);
    expect(p.backfill?.queries).toBe(36);
    expect(planQuota({ ...base, zones: 150, accounts: 3 }).queriesPerPoll).toBe(30); // no account datasets
  });

  it('says backfill never ends when the live lane takes every slot', () => {
    const p = planQuota({
      ...base,
      zones: 10,
      quota: { queries: 2, per: 60_000 },
      backfill: { rangeMs: 1, chunkMs: 60_000 },
    });
    expect(p.backfill?.durationMs).toBe(Infinity);
  });
});

describe('spreadZones', () => {
  it('deals whole query groups in turn, in tag order', () => {
    const zones = Array.from({ length: 25 }, (_, i) => ({ tag: String(100 - i) }));
    const [a, b] = spreadZones(zones, 2, 10);
    expect(a?.length).toBe(15);
    expect(b?.length).toBe(10);
    expect(a?.[0]?.tag).toBe('100');
    expect(spreadCounts(25, 3, 10)).toEqual([10, 10, 5]);
    expect(spreadCounts(0, 2, 10)).toEqual([0, 0]);
  });
});
