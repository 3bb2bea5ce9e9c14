import type { SimulatorServer } from '@settle/cloudflare-sim';
import { describe, expect, it } from 'vitest';
import { START, drive, pointsOf } from './support/harness.js';
import { simRig } from './support/rigs.js';

type FaultKind = Parameters<SimulatorServer['simulator']['injectFaults']>[0];

describe('error classes against the simulator', () => {
  it.each<[FaultKind, string]>([
    ['unavailable', 'retry'],
    ['unavailable200', 'retry'],
    ['tooManyInProgress', 'retry'],
    ['badGateway', 'retry'],
    ['malformed', 'malformed'],
  ])('%s: retried with backoff within the poll, counted as %s', async (kind, result) => {
    const { clock, server, rig } = await simRig({ zones: 1 }, { datasets: ['http_requests'] });
    server.simulator.injectFaults(kind, 2);
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 10_000);
    expect(server.simulator.stats().queries).toBe(3);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result })).toBe(2);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'ok' })).toBe(1);
    expect(pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').length).toBeGreaterThan(0);
    expect(rig.host.events.map((e) => e.status)).toEqual(['starting', 'ok']);
  });

  it('gives up on a poll after three transient failures; the next poll recovers', async () => {
    const { clock, server, rig } = await simRig({ zones: 1 }, { datasets: ['http_requests'] });
    server.simulator.injectFaults('unavailable', 3);
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 20_000);
    expect(rig.sink.batches).toHaveLength(0);
    expect(rig.host.events.map((e) => e.status)).toContain('recoverable_error');
    await drive(clock, rig.receiver, 15_000);
    expect(rig.sink.batches).toHaveLength(1);
    expect(rig.host.events.at(-1)?.status).toBe('ok');
  });

  it.each<[FaultKind, number]>([
    ['quota', 60_000],
    ['budget', 300_000],
  ])('%s: honours retry-after, slows the limiter, then succeeds', async (kind, waitMs) => {
    const { clock, server, rig, lines } = await simRig({ zones: 1 }, { datasets: ['http_requests'] });
    server.simulator.injectFaults(kind, 1);
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, waitMs - 5_000);
    expect(rig.sink.batches).toHaveLength(0);
    expect(server.simulator.stats().queries).toBe(1);
    await drive(clock, rig.receiver, 10_000);
    expect(rig.sink.batches.length).toBeGreaterThan(0);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'rate_limited' })).toBe(1);
    expect(lines.some((l) => l.includes('rate limited by Cloudflare'))).toBe(true);
  });

  it('skips a dataset for a zone without access, warns once, keeps the other zones, retries later', async () => {
    const { clock, server, rig, lines } = await simRig(
      {
        zones: 3,
        denied: [{ zone: 1, dataset: 'firewallEventsAdaptiveGroups', reason: 'access' }],
      },
      { datasets: ['http_requests', 'firewall_events'], skip_retry: '2m' },
    );
    const denied = server.simulator.zones[1]?.name;
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 5 * 60_000, 5_000);

    const firewallZones = new Set(
      pointsOf(rig.sink.batches, 'cloudflare_zone_firewall_events_count').map((p) => p.attributes.zone),
    );
    expect(firewallZones.has(denied)).toBe(false);
    expect(firewallZones.size).toBe(2);
    const httpZones = new Set(
      pointsOf(rig.sink.batches, 'cloudflare_zone_requests_total').map((p) => p.attributes.zone),
    );
    expect(httpZones.has(denied)).toBe(true);
    const warnings = lines.filter((l) => l.includes('dataset not available for zone') && l.includes('"level":40'));
    expect(warnings).toHaveLength(1);
    // Refused again after each skip_retry (2 min) over 5 minutes: at start, ~2 min, ~4 min.
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'permission' })).toBeGreaterThanOrEqual(3);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'permission' })).toBeLessThanOrEqual(4);
  });

  it('a plan refusal is a skip too', async () => {
    const { clock, server, rig } = await simRig(
      {
        zones: 2,
        denied: [{ zone: 0, dataset: 'httpRequestsAdaptiveGroups', reason: 'plan' }],
      },
      { datasets: ['colocation'] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 0);
    const zones = new Set(
      pointsOf(rig.sink.batches, 'cloudflare_zone_colocation_requests_total').map((p) => p.attributes.zone),
    );
    expect([...zones]).toEqual([server.simulator.zones[1]?.name]);
  });

  it('a bad query is logged and counted, not retried', async () => {
    // The live range (10 min) is wider than this dataset allows: "query time range is too large".
    const { clock, server, rig, lines } = await simRig(
      {
        zones: 1,
        datasetLimits: { httpRequests1mGroups: { maxDurationMs: 5 * 60_000 } },
      },
      { datasets: ['http_requests'] },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 65_000);
    expect(server.simulator.stats().queries).toBe(3);
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'bad_query' })).toBe(3);
    expect(lines.filter((l) => l.includes('"level":40') && l.includes('query refused'))).toHaveLength(1);
    expect(rig.sink.batches).toHaveLength(0);
    expect(rig.host.events.map((e) => e.status)).not.toContain('fatal_error');
  });

  it('backfill older than retention skips ahead instead of asking for every chunk', async () => {
    const { clock, rig, lines } = await simRig(
      { zones: 1, retentionMs: 3_600_000 },
      { datasets: ['http_requests'], backfill: { duration: '6h', chunk: '30m' } },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 60_000);
    expect(lines.some((l) => l.includes('older than retention'))).toBe(true);
    const backfill = pointsOf(
      rig.sink.batches.filter((b) => b.meta?.origin === 'backfill'),
      'cloudflare_zone_requests_total',
    );
    expect(backfill.length).toBeGreaterThan(40);
    expect(Math.min(...backfill.map((p) => p.startMs ?? 0))).toBeGreaterThanOrEqual(START - 3_600_000);
    // One refused chunk, then the retained hour in 30-minute chunks, plus the live polls.
    expect(await rig.metrics.value('settle_cloudflare_queries', { result: 'bad_query' })).toBe(1);
  });

  it('a refused token at start is fatal with a clear message, before any analytics query', async () => {
    const { clock, server, rig } = await simRig({ zones: 1 }, { api_token: 'not-the-token' });
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 60_000);
    const fatal = rig.host.events.find((e) => e.status === 'fatal_error');
    expect(fatal?.message).toMatch(/refused the credentials.*Invalid API Token.*check api_token/);
    expect(fatal?.message).not.toContain('not-the-token');
    expect(server.simulator.stats().queries).toBe(0);
  });
});
