import { describe, expect, it } from 'vitest';
import { drive, pointsOf, START } from './support/harness.js';
import { simRig } from './support/rigs.js';

const TOKENS = ['token-a', 'token-b'];

/** Zones (by name) with a point of `cloudflare_zone_requests_total` in batches received after `fromBatch`. */
function zonesSeen(batches: Parameters<typeof pointsOf>[0], fromBatch = 0): Set<unknown> {
  return new Set(pointsOf(batches.slice(fromBatch), 'cloudflare_zone_requests_total').map((p) => p.attributes.zone));
}

describe('several credentials in one receiver', () => {
  it('spreads zones across tokens so that each stays within its own quota', async () => {
    // 40 zones, one dataset, 30 s polls: 4 queries per poll = 40 per 5 min, over a 30-per-5-min quota for one
    // token; two tokens with 2 query groups each need 20 per 5 min each.
    const quota = { queries: 30, windowMs: 300_000 };
    const { clock, server, rig } = await simRig(
      { zones: 40, tokens: TOKENS, quota },
      { api_token: undefined, api_tokens: TOKENS, datasets: ['http_requests'], rate_limit: { queries: 30, per: '5m' } },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 10 * 60_000 - 1);
    const stats = server.simulator.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.byToken).toEqual({ 'token-a': 40, 'token-b': 40 }); // 20 polls × 2 groups each
    expect(zonesSeen(rig.sink.batches).size).toBe(40);
    expect(await rig.metrics.value('settle_cloudflare_credentials')).toBe(2);
    expect(rig.host.events.map((e) => e.status)).toEqual(['starting', 'ok']);
  });

  it('takes a revoked token out and moves its zones to the others, saying so', async () => {
    const { clock, server, rig, lines } = await simRig(
      { zones: 40, tokens: TOKENS },
      { api_token: undefined, api_tokens: TOKENS, datasets: ['http_requests'] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 60_000);
    expect(server.simulator.stats().byToken).toEqual({ 'token-a': 6, 'token-b': 6 });

    server.simulator.setToken('token-b', false);
    await drive(clock, rig.receiver, 30_000); // the poll that finds out
    const refused = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['credential'] === 2);
    expect(refused?.['msg']).toBe('Cloudflare refused a credential; taken out, its zones move to the others');
    expect(JSON.stringify(lines)).not.toContain('token-b');
    // Said once, though both of its queries of that poll were refused.
    expect(rig.host.events.filter((e) => e.status === 'recoverable_error')).toEqual([
      {
        status: 'recoverable_error',
        message: 'api_tokens[1] refused by Cloudflare; its zones moved to the 1 other credential',
      },
    ]);
    expect(lines.filter((l) => l.includes('taken out, its zones move'))).toHaveLength(1);
    expect(await rig.metrics.value('settle_cloudflare_credentials')).toBe(1);

    const before = server.simulator.stats().byToken;
    const from = rig.sink.batches.length;
    await drive(clock, rig.receiver, 60_000);
    const after = server.simulator.stats().byToken;
    // token-a now asks for all 4 groups each poll; token-b is no longer used.
    expect((after['token-a'] ?? 0) - (before['token-a'] ?? 0)).toBe(8);
    expect(after['token-b']).toBe(before['token-b']);
    expect(zonesSeen(rig.sink.batches, from).size).toBe(40);
    expect(rig.host.events.at(-1)?.status).toBe('ok');
    expect(clock.now()).toBe(START + 150_000);
  });
});
