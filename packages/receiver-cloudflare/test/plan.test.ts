import { describe, expect, it } from 'vitest';
import { cloudflareConfigSchema } from '../src/config.js';
import { planReceiver } from '../src/plan/receiver-plan.js';
import { START, TOKEN, drive } from './support/harness.js';
import { simRig } from './support/rigs.js';

/** Queries the simulator counted, read from its HTTP stats endpoint. */
async function countedQueries(url: string): Promise<number> {
  const stats = (await (await fetch(`${url}/__stats`)).json()) as { queries: number };
  return stats.queries;
}

describe('settle plan against the simulator', () => {
  it.each([
    { name: 'fits the quota', zones: 25, rate: 300, minutes: 5 },
    { name: 'over quota, polls spaced out', zones: 30, rate: 40, minutes: 10 },
  ])('counts the queries the receiver sends ($name)', async ({ zones, rate, minutes }) => {
    const settings = {
      datasets: ['http_requests', 'firewall_events'],
      poll_interval: '30s',
      rate_limit: { queries: rate, per: '5m' },
    };
    const { clock, server, rig } = await simRig({ zones }, settings);
    const config = cloudflareConfigSchema.parse({
      api_token: TOKEN,
      zones: server.simulator.zones.map((z) => z.tag),
      ...settings,
    });
    const plan = planReceiver(config, { nowMs: START });
    const [credential] = plan.credentials;
    expect(plan.zones).toBe(zones);
    expect(credential?.zones).toBe(zones);
    const expectedPerWindow = credential?.plan.effectiveQueriesPerWindow ?? NaN;

    await rig.receiver.start(rig.host);
    const runMs = minutes * 60_000;
    await drive(clock, rig.receiver, runMs - 1); // polls in [0, runMs)
    const counted = await countedQueries(server.url);
    expect(counted).toBe((expectedPerWindow * runMs) / 300_000);
    expect(server.simulator.stats().rateLimited).toBe(0);
    if (rate === 40) expect(credential?.plan.fits).toBe(false);
  });
});
