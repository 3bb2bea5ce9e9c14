import { describe, expect, it } from 'vitest';
import { drive, pointsOf, TOKEN } from './support/harness.js';
import { simRig } from './support/rigs.js';

describe('a token revoked mid-run', () => {
  it('is reported as permanent_error with a clear message, logged once, and recovers when accepted again', async () => {
    const { clock, server, rig, lines } = await simRig({ zones: 1 }, { datasets: ['http_requests'] });
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 35_000, 5_000); // two good polls
    expect(rig.host.events.at(-1)?.status).toBe('ok');

    server.simulator.setToken(TOKEN, false);
    await drive(clock, rig.receiver, 120_000, 5_000); // four refused polls
    const refused = rig.host.events.filter((e) => e.status === 'permanent_error');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.message).toMatch(/refused the credentials that worked before .*revoked, expired/);
    // It stays the status: not replaced by a generic "no live query succeeded".
    expect(rig.host.events.at(-1)?.status).toBe('permanent_error');
    expect(rig.host.events.map((e) => e.status)).not.toContain('fatal_error');
    expect(lines.filter((l) => l.includes('"level":50') && l.includes('worked before'))).toHaveLength(1);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'auth' })).toBeGreaterThanOrEqual(4);

    server.simulator.setToken(TOKEN, true);
    const before = pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').length;
    await drive(clock, rig.receiver, 35_000, 5_000);
    expect(rig.host.events.at(-1)?.status).toBe('ok');
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').length).toBeGreaterThan(before);
    expect(lines.some((l) => l.includes('accepts the credentials again'))).toBe(true);
  });
});
