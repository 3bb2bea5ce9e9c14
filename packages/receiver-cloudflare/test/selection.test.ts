import { describe, expect, it } from 'vitest';
import { cloudflareConfigSchema } from '../src/index.js';
import { drive } from './support/harness.js';
import { simRig } from './support/rigs.js';

// Receiver-side selection against the simulator: exclude_zones, per-dataset metric lists, max_series_per_zone.

function seriesOf(
  batches: readonly {
    metrics: readonly { descriptor: { name: string }; points: readonly { attributes: object }[] }[];
  }[],
) {
  const set = new Set<string>();
  for (const b of batches)
    for (const m of b.metrics) for (const p of m.points) set.add(`${m.descriptor.name}${JSON.stringify(p.attributes)}`);
  return set;
}

describe('receiver-side selection', () => {
  it('leaves out excluded zones, by name or tag, and never queries for them', async () => {
    const { clock, server, rig } = await simRig({ zones: 3, seed: 3 }, (s) => ({
      datasets: ['http_requests'],
      exclude_zones: [s.simulator.zones[0]!.name, s.simulator.zones[1]!.tag],
    }));
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 3 * 60_000);
    const zones = new Set(rig.sink.points().map((p) => p.attributes['zone']));
    expect([...zones]).toEqual([server.simulator.zones[2]!.name]);
  });

  it('keeps only the included metrics of a dataset, then drops the excluded ones', async () => {
    const { clock, rig } = await simRig(
      { zones: 2, seed: 3 },
      {
        datasets: ['http_requests', 'colocation'],
        metrics: {
          http_requests: {
            include: ['cloudflare_zone_requests_total', 'cloudflare_zone_bandwidth_total'],
            exclude: ['cloudflare_zone_bandwidth_total'],
          },
          colocation: { exclude: ['cloudflare_zone_colocation_visits'] },
        },
      },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 3 * 60_000);
    const names = new Set(rig.sink.points().map((p) => p.name));
    expect([...names].sort()).toEqual([
      'cloudflare_zone_colocation_edge_response_bytes',
      'cloudflare_zone_colocation_requests_total',
      'cloudflare_zone_requests_total',
    ]);
  });

  it('refuses a metric the dataset does not have, or a dataset not collected, naming what exists', () => {
    const base = { api_token: 't', zones: ['0123456789abcdef0123456789abcdef'], datasets: ['http_requests'] };
    const bad = cloudflareConfigSchema.safeParse({
      ...base,
      metrics: { http_requests: { include: ['cloudflare_zone_requests'] } },
    });
    expect(bad.error?.issues[0]?.path).toEqual(['metrics', 'http_requests', 'include', 0]);
    expect(bad.error?.issues[0]?.message).toMatch(
      /^dataset http_requests has no metric "cloudflare_zone_requests"; its metrics: cloudflare_zone_requests_total,/,
    );
    const notCollected = cloudflareConfigSchema.safeParse({ ...base, metrics: { colocation: { exclude: ['x'] } } });
    expect(notCollected.error?.issues[0]?.message).toBe(
      '"colocation" is not among the datasets collected (http_requests)',
    );
  });

  it('max_series_per_zone keeps the largest series of each zone, counts the rest and warns once per zone', async () => {
    const unlimited = await simRig({ zones: 2, seed: 5 }, { datasets: ['colocation'] });
    await unlimited.rig.receiver.start(unlimited.rig.host);
    await drive(unlimited.clock, unlimited.rig.receiver, 3 * 60_000);
    const all = seriesOf(unlimited.rig.sink.batches);

    const max = 5;
    const { clock, server, rig, lines } = await simRig(
      { zones: 2, seed: 5 },
      { datasets: ['colocation'], max_series_per_zone: max },
    );
    await rig.receiver.start(rig.host);
    await drive(clock, rig.receiver, 3 * 60_000);
    const points = rig.sink.points();
    for (const zone of server.simulator.zones) {
      for (const batch of rig.sink.batches) {
        const series = seriesOf([
          {
            metrics: batch.metrics.map((m) => ({
              ...m,
              points: m.points.filter((p) => p.attributes['zone'] === zone.name),
            })),
          },
        ]);
        expect(series.size).toBeLessThanOrEqual(max);
      }
    }
    expect(all.size).toBeGreaterThan(2 * max); // the guard had something to do
    const dropped = await rig.metrics.value('settle_cloudflare_series_limited_points', {
      receiver: 'cloudflare',
      dataset: 'colocation',
    });
    const total = unlimited.rig.sink.points().length;
    expect(dropped).toBe(total - points.length);
    const warnings = lines.filter((l) => l.includes('more series than max_series_per_zone'));
    expect(warnings).toHaveLength(2);
  });
});
