import { describe, expect, it } from 'vitest';
import { drive, pointsOf, START } from './support/harness.js';
import { simRig } from './support/rigs.js';

const TOKENS = ['token-a', 'token-b'];

describe('several credentials with account-scoped datasets and the status lane', () => {
  it('asks for the account with one token, and after that token is refused moves the account and REST to the other', async () => {
    // 20 zones: one query group per token for http_requests; the one account (workers) goes to token-a.
    const { clock, server, rig } = await simRig({ zones: 20, tokens: TOKENS }, (s) => ({
      api_token: undefined,
      api_tokens: TOKENS,
      accounts: [s.simulator.accountTag],
      datasets: ['http_requests', 'workers'],
      status: ['tunnels'],
      status_interval: '1m',
    }));
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 60_000, 5_000);
    // 3 polls: token-a 1 zone group + 1 account each, token-b 1 zone group each.
    expect(server.simulator.stats().byToken).toEqual({ 'token-a': 6, 'token-b': 3 });
    expect(pointsOf(rig.sink.batches, 'cloudflare_worker_requests_count').length).toBeGreaterThan(0);

    server.simulator.setToken('token-a', false); // the first token: the one REST calls used
    await drive(clock, rig.receiver, 30_000, 5_000); // the poll that finds out
    expect(rig.host.events.filter((e) => e.status === 'recoverable_error')).toEqual([
      {
        status: 'recoverable_error',
        message: 'api_tokens[0] refused by Cloudflare; its zones moved to the 1 other credential',
      },
    ]);

    const before = server.simulator.stats().byToken;
    const from = rig.sink.batches.length;
    await drive(clock, rig.receiver, 60_000, 5_000);
    const after = server.simulator.stats().byToken;
    // token-b now asks for both zone groups and the account each poll (2 polls); token-a for nothing.
    expect((after['token-b'] ?? 0) - (before['token-b'] ?? 0)).toBe(6);
    expect(after['token-a']).toBe(before['token-a']);
    const later = rig.sink.batches.slice(from);
    expect(pointsOf(later, 'cloudflare_worker_requests_count').length).toBeGreaterThan(0);
    expect(new Set(pointsOf(later, 'cloudflare_zone_requests_total').map((p) => p.attributes.zone)).size).toBe(20);
    // The status lane's REST calls authenticate with token-b now: tunnels are still read.
    expect(pointsOf(later, 'cloudflare_tunnel_info').some((p) => p.timeMs >= START + 120_000)).toBe(true);
    expect(rig.host.events.at(-1)?.status).toBe('ok');
  });
});
