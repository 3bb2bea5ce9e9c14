import { describe, expect, it } from 'vitest';
import { cloudflareConfigSchema } from '../src/config.js';
import { drive, pointsOf, START, TOKEN } from './support/harness.js';
import { simRig } from './support/rigs.js';

describe('status poll (REST gauges: Cloudflare Tunnel, load-balancer origins)', () => {
  it('reads tunnels, connectors and pool origins into lablabs-named gauges, marked for converge to pass through', async () => {
    const { clock, server, rig } = await simRig({ zones: 1 }, (s) => ({
      accounts: [s.simulator.accountTag],
      datasets: ['http_requests'],
      status: ['tunnels', 'pool_origins'],
      status_interval: '1m',
    }));
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 61_000, 1_000);
    const status = rig.sink.batches.filter((b) => b.meta?.['converge.passthrough'] === true);
    expect(status).toHaveLength(2); // at start and a minute later
    for (const b of status) {
      expect(b.meta?.origin).toBe('live');
      for (const m of b.metrics) expect(m.descriptor.kind).toBe('gauge');
    }
    // Stamped with the poll's instant, not a minute bucket.
    expect(new Set(pointsOf(status, 'cloudflare_tunnel_info').map((p) => p.timeMs))).toEqual(
      new Set([START, START + 60_000]),
    );

    const first = [status[0]!];
    const info = pointsOf(first, 'cloudflare_tunnel_info');
    expect(info.map((p) => p.attributes.tunnel_name).sort()).toEqual(['legacy', 'office', 'staging']);
    expect(info.every((p) => p.value === 1 && p.attributes.tunnel_type === 'cfd_tunnel')).toBe(true);
    const account = info[0]?.attributes.account;
    expect(account).toBe('Simulated account');
    const health = new Map(
      pointsOf(first, 'cloudflare_tunnel_health_status').map((p) => [
        info.find((i) => i.attributes.tunnel_id === p.attributes.tunnel_id)?.attributes.tunnel_name,
        p.value,
      ]),
    );
    expect(health.get('office')).toBe(1);
    expect(health.get('legacy')).toBe(3);
    expect([1, 2]).toContain(health.get('staging'));
    const connectors = pointsOf(first, 'cloudflare_tunnel_connector_info');
    expect(connectors).toHaveLength(3); // office 2, staging 1, legacy none
    expect(Object.keys(connectors[0]!.attributes).sort()).toEqual(
      ['account', 'arch', 'client_id', 'origin_ip', 'tunnel_id', 'version'].sort(),
    );
    const conns = pointsOf(first, 'cloudflare_tunnel_connector_active_connections');
    expect(conns.every((p) => p.value >= 1)).toBe(true);
    const origins = pointsOf(first, 'cloudflare_pool_origin_health_status');
    expect(origins).toHaveLength(4);
    expect(Object.keys(origins[0]!.attributes).sort()).toEqual(['account', 'ip', 'origin_name', 'pool_name']);
    expect(origins.every((p) => p.value === 0 || p.value === 1)).toBe(true);
    expect(server.simulator.stats().restRequests).toBeGreaterThan(0);
  });

  it('needs an account', () => {
    const result = cloudflareConfigSchema.safeParse({ api_token: TOKEN, zones: ['a'.repeat(32)], status: ['tunnels'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['status']);
  });

  it('skips a source the token may not read for that account, warns once, and keeps the others', async () => {
    const { clock, rig, lines } = await simRig({ zones: 1 }, (s) => ({
      accounts: [s.simulator.accountTag, 'e'.repeat(32)],
      datasets: ['http_requests'],
      status: ['tunnels'],
      status_interval: '1m',
    }));
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 121_000, 1_000);
    const accounts = new Set(pointsOf(rig.sink.batches, 'cloudflare_tunnel_info').map((p) => p.attributes.account));
    expect([...accounts]).toEqual(['Simulated account']);
    expect(lines.filter((l) => l.includes('cannot read tunnels') && l.includes('"level":40'))).toHaveLength(1);
    expect(rig.host.events.map((e) => e.status)).not.toContain('fatal_error');
  });
});
