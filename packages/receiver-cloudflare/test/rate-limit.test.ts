import type { SimulatorServer } from '@settle/cloudflare-sim';
import { FakeClock } from '@settle/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { START, captureLogs, createReceiver, drive, pointsOf, startSim, type Rig } from './harness.js';

let server: SimulatorServer | undefined;
let rig: Rig | undefined;

afterEach(async () => {
  await rig?.receiver.shutdown();
  await server?.close();
});

describe('rate limiting', () => {
  it('sends no over-quota query over a simulated hour with 300 zones', { timeout: 600_000 }, async () => {
    const clock = new FakeClock(START);
    // Light traffic and a short lookback keep replies small: this test is about how many queries are sent.
    server = await startSim(clock, { zones: 300, trafficPerMinute: 5 });
    const { logger, lines } = captureLogs();
    // 300 zones × 2 datasets = 60 queries per poll: twice what 300 per 5 minutes allows every 30 s.
    rig = createReceiver(
      clock,
      server,
      {
        zones: [],
        accounts: [server.simulator.accountTag],
        datasets: ['http_requests', 'firewall_events'],
        lookback: '3m',
        backfill: { duration: '1h' },
      },
      { logger },
    );
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
