import { describe, expect, it } from 'vitest';
import { drive } from './support/harness.js';
import { ZONE_A } from './support/peer.js';
import { peerRig, simRig } from './support/rigs.js';

const SECRET = 'Zq8-secret-token-4f2b9c';

describe('the API token stays secret', () => {
  it('never reaches logs, telemetry or status messages, across errors of every kind', async () => {
    const { clock, server, rig, lines } = await simRig(
      {
        zones: 12,
        tokens: [SECRET],
        errorRate: 0.2,
        denied: [{ zone: 3, dataset: 'firewallEventsAdaptiveGroups', reason: 'access' }],
      },
      { api_token: SECRET, datasets: ['http_requests', 'firewall_events'], backfill: { duration: '30m' } },
    );
    server.simulator.injectFaults('quota', 1);
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 10 * 60_000, 5_000);
    await rig.receiver.shutdown();

    // Errors did happen and were logged, so the check below covers error paths.
    const text = lines.join('\n');
    expect(text).toContain('rate limited by Cloudflare');
    expect(text).toContain('dataset not available for zone');
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'ok' })).toBeGreaterThan(0);
    const telemetry = JSON.stringify(await rig.metrics.snapshot());
    expect(telemetry).toContain('settle_cloudflare_queries');

    expect(text).not.toContain(SECRET);
    expect(telemetry).not.toContain(SECRET);
    expect(JSON.stringify(rig.host.events)).not.toContain(SECRET);
    expect(JSON.stringify(rig.sink.batches)).not.toContain(SECRET);
  });

  it('blanks the token out of a reply that echoes it back', async () => {
    const { clock, rig, lines } = await peerRig(
      () => ({
        status: 400,
        body: { data: null, errors: [{ message: `bad header "Authorization: Bearer ${SECRET}"` }] },
      }),
      { api_token: SECRET, zones: [ZONE_A] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 35_000);
    const text = lines.join('\n');
    expect(text).toContain('Authorization: Bearer [redacted]');
    expect(text).not.toContain(SECRET);
  });

  it('a refused token is fatal without the token in the message', async () => {
    const { clock, rig, lines } = await simRig({ zones: 1 }, { api_token: SECRET });
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 1_000);
    expect(rig.host.events.some((e) => e.status === 'fatal_error')).toBe(true);
    expect(JSON.stringify(rig.host.events)).not.toContain(SECRET);
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});
