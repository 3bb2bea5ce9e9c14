import { describe, expect, it } from 'vitest';
import { START, drive, pointsOf } from './support/harness.js';
import { simRig } from './support/rigs.js';

describe('rate limiting', () => {
  it('sends no over-quota query over a simulated hour with 300 zones', { timeout: 600_000 }, async () => {
    // Light traffic and a short lookback keep replies small: this test is about how many queries are sent.
    // 300 zones × 2 datasets = 60 queries per poll: twice what 300 per 5 minutes allows every 30 s.
    const { clock, server, rig, lines } = await simRig({ zones: 300, trafficPerMinute: 5 }, (sim) => ({
      zones: [],
      accounts: [sim.simulator.accountTag],
      datasets: ['http_requests', 'firewall_events'],
      lookback: '3m',
      backfill: { duration: '1h' },
    }));
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 3_600_000, 5_000);

    const stats = server.simulator.stats();
    expect(stats.rateLimited).toBe(0);
    // The quota was used, not wasted: at most 12 windows × 300, and most of it.
    expect(stats.queries).toBeLessThanOrEqual(12 * 300);
    expect(stats.queries).toBeGreaterThan(11 * 300);
    expect(lines.some((l) => l.includes('polls will be spaced out'))).toBe(true);

    // Live polls kept going for every zone through the hour.
    const live = pointsOf(
      rig.sink.batches.filter((b) => b.meta?.origin === 'live'),
      'cloudflare_zone_requests_total',
    );
    expect(new Set(live.map((p) => p.attributes.zone)).size).toBe(300);
    const newest = Math.max(...live.map((p) => p.startMs ?? 0));
    expect(newest).toBeGreaterThanOrEqual(START + 3_600_000 - 3 * 60_000);
    // Backfill got the share the live lane leaves (10 % here) and stayed out of the live window.
    const backfill = rig.sink.batches.filter((b) => b.meta?.origin === 'backfill');
    expect(backfill.length).toBeGreaterThan(200);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'rate_limited' })).toBe(0);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'ok' })).toBe(stats.queries);
  });
});
