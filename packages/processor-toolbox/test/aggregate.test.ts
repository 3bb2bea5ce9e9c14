import { isPermanent } from '@settle/core';
import { runConformance } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { aggregateProcessor } from '../src/index.js';
import { lines, point, REQUESTS, run, TEMPERATURE } from './harness.js';

runConformance(aggregateProcessor, { validConfig: { drop: ['host'] } });

const requests = [
  point({ zone: 'a.com', host: 'www', colo: 'FRA' }, 5),
  point({ zone: 'a.com', host: 'api', colo: 'FRA' }, 7),
  point({ zone: 'a.com', host: 'www', colo: 'AMS' }, 1),
  point({ zone: 'b.com', host: 'www', colo: 'FRA' }, 2),
  point({ zone: 'a.com', host: 'www', colo: 'FRA' }, 100, 1), // another minute: never combined with minute 0
];
const temperatures = [
  point({ room: 'k', sensor: '1' }, 20),
  point({ room: 'k', sensor: '2' }, 24),
  point({ room: 'k', sensor: '3' }, 22),
];
const batch = {
  resource: {},
  metrics: [
    { descriptor: REQUESTS, points: requests },
    { descriptor: TEMPERATURE, points: temperatures },
  ],
};

describe('aggregate', () => {
  const cases: { name: string; config: unknown; out: string[] }[] = [
    {
      name: 'drops host and sums the points it told apart, bucket by bucket',
      config: { drop: ['host'], metrics: [{ glob: 'cloudflare_*' }] },
      out: [
        'cloudflare_zone_requests_total{zone=a.com,colo=AMS} 1 @0',
        'cloudflare_zone_requests_total{zone=a.com,colo=FRA} 100 @1',
        'cloudflare_zone_requests_total{zone=a.com,colo=FRA} 12 @0',
        'cloudflare_zone_requests_total{zone=b.com,colo=FRA} 2 @0',
        'room_temperature{room=k,sensor=1} 20 @0',
        'room_temperature{room=k,sensor=2} 24 @0',
        'room_temperature{room=k,sensor=3} 22 @0',
      ],
    },
    {
      name: 'drops two attributes',
      config: { drop: ['host', 'colo'], metrics: ['cloudflare_zone_requests_total'] },
      out: [
        'cloudflare_zone_requests_total{zone=a.com} 100 @1',
        'cloudflare_zone_requests_total{zone=a.com} 13 @0',
        'cloudflare_zone_requests_total{zone=b.com} 2 @0',
        ...temperatures.map((p) => `room_temperature{room=k,sensor=${String(p.attributes['sensor'])}} ${p.value} @0`),
      ],
    },
    {
      name: 'gauge: last by default',
      config: { drop: ['sensor'], metrics: ['room_temperature'] },
      out: ['room_temperature{room=k} 22 @0'],
    },
    {
      name: 'gauge: min',
      config: { drop: ['sensor'], metrics: ['room_temperature'], gauge: 'min' },
      out: ['room_temperature{room=k} 20 @0'],
    },
    {
      name: 'gauge: max',
      config: { drop: ['sensor'], metrics: ['room_temperature'], gauge: 'max' },
      out: ['room_temperature{room=k} 24 @0'],
    },
    {
      name: 'gauge: sum',
      config: { drop: ['sensor'], metrics: ['room_temperature'], gauge: 'sum' },
      out: ['room_temperature{room=k} 66 @0'],
    },
  ];

  it.each(cases)('$name', async ({ name, config, out }) => {
    const r = await run(aggregateProcessor, config);
    await r.feed(batch);
    const got = lines(r.sink);
    if (name.startsWith('gauge')) expect(got.filter((l) => l.startsWith('room'))).toEqual(out);
    else expect(got).toEqual([...out].sort());
  });

  it('sums sums whatever `gauge` says', async () => {
    const r = await run(aggregateProcessor, { drop: ['host', 'colo', 'zone'], gauge: 'max' });
    await r.feed({ resource: {}, metrics: [{ descriptor: REQUESTS, points: requests.slice(0, 4) }] });
    expect(lines(r.sink)).toEqual(['cloudflare_zone_requests_total{} 15 @0']);
  });

  it('tells string "200" and number 200 apart, and keeps attribute values intact', async () => {
    const r = await run(aggregateProcessor, { drop: ['host'] });
    await r.feed({
      resource: {},
      metrics: [{ descriptor: REQUESTS, points: [point({ s: '200', host: 'a' }, 1), point({ s: 200, host: 'b' }, 2)] }],
    });
    expect(r.sink.points().map((p) => [p.attributes, p.value])).toEqual([
      [{ s: '200' }, 1],
      [{ s: 200 }, 2],
    ]);
  });

  it("refuses converge's output (partial buckets) with a permanent error saying where it belongs", async () => {
    const r = await run(aggregateProcessor, { drop: ['host'] });
    const err = await r.feed({ ...batch, meta: { partialBuckets: true } }).catch((e: unknown) => e);
    expect(isPermanent(err)).toBe(true);
    expect((err as Error).message).toMatch(/aggregate "aggregate": .*partial buckets.*put aggregate before converge/);
    expect(r.sink.batches).toEqual([]);
  });

  it('refuses an empty drop list', () => {
    expect(aggregateProcessor.config.safeParse({ drop: [] }).success).toBe(false);
    expect(aggregateProcessor.config.safeParse({ drop: ['a'], gauge: 'avg' }).success).toBe(false);
  });
});
