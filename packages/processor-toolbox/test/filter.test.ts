import { batchOf, runConformance } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { filterProcessor } from '../src/index.js';
import { lines, point, REQUESTS, run, TEMPERATURE } from './harness.js';

runConformance(filterProcessor);

const batch = {
  resource: { account: 'acme' },
  metrics: [
    { descriptor: REQUESTS, points: [point({ zone: 'a.com', host: 'www.a.com' }, 5), point({ zone: 'b.com' }, 7)] },
    { descriptor: { ...REQUESTS, name: 'cloudflare_zone_uniques_total' }, points: [point({ zone: 'a.com' }, 3)] },
    { descriptor: TEMPERATURE, points: [point({ room: 'kitchen', status: 200 }, 21)] },
  ],
};

const ALL = [
  'cloudflare_zone_requests_total{zone=a.com,host=www.a.com} 5 @0',
  'cloudflare_zone_requests_total{zone=b.com} 7 @0',
  'cloudflare_zone_uniques_total{zone=a.com} 3 @0',
  'room_temperature{room=kitchen,status=200} 21 @0',
];

describe('filter', () => {
  const cases: { name: string; config: unknown; kept: string[]; notIncluded?: number; excluded?: number }[] = [
    { name: 'an empty config keeps everything', config: {}, kept: ALL },
    {
      name: 'exclude by exact name',
      config: { exclude: [{ metrics: ['cloudflare_zone_uniques_total'] }] },
      kept: [ALL[0]!, ALL[1]!, ALL[3]!],
      excluded: 1,
    },
    {
      name: 'include by glob',
      config: { include: [{ metrics: [{ glob: 'cloudflare_zone_*' }] }] },
      kept: ALL.slice(0, 3),
      notIncluded: 1,
    },
    {
      name: 'include by regex matches the whole name',
      config: { include: [{ metrics: [{ regex: 'cloudflare_zone_(requests|uniques)_total' }] }] },
      kept: ALL.slice(0, 3),
      notIncluded: 1,
    },
    {
      name: 'a regex matching only part of the name does not match',
      config: { include: [{ metrics: [{ regex: 'zone' }] }] },
      kept: [],
      notIncluded: 4,
    },
    {
      name: 'exclude points by attribute equals',
      config: { exclude: [{ attributes: [{ key: 'zone', equals: 'a.com' }] }] },
      kept: [ALL[1]!, ALL[3]!],
      excluded: 2,
    },
    {
      name: 'equals compares as text (200 matches the number 200)',
      config: { include: [{ attributes: [{ key: 'status', equals: '200' }] }] },
      kept: [ALL[3]!],
      notIncluded: 3,
    },
    {
      name: 'in-list',
      config: { include: [{ attributes: [{ key: 'zone', in: ['b.com', 'c.com'] }] }] },
      kept: [ALL[1]!],
      notIncluded: 3,
    },
    {
      name: 'regex on a value',
      config: { exclude: [{ attributes: [{ key: 'host', regex: 'www\\..*' }] }] },
      kept: ALL.slice(1),
      excluded: 1,
    },
    {
      name: 'exists: false',
      config: { include: [{ attributes: [{ key: 'host', exists: false }] }] },
      kept: ALL.slice(1),
      notIncluded: 1,
    },
    {
      name: 'conditions of one rule must all hold; rules of a list are alternatives',
      config: {
        include: [
          { metrics: ['cloudflare_zone_requests_total'], attributes: [{ key: 'zone', equals: 'a.com' }] },
          { metrics: ['room_temperature'] },
        ],
      },
      kept: [ALL[0]!, ALL[3]!],
      notIncluded: 2,
    },
    {
      name: 'include first, then exclude',
      config: {
        include: [{ metrics: [{ glob: 'cloudflare_*' }] }],
        exclude: [{ attributes: [{ key: 'zone', equals: 'a.com' }] }],
      },
      kept: [ALL[1]!],
      notIncluded: 1,
      excluded: 2,
    },
    {
      name: 'resource conditions select whole batches',
      config: { exclude: [{ resource: [{ key: 'account', equals: 'acme' }] }] },
      kept: [],
      excluded: 4,
    },
    {
      name: 'a resource condition that fails leaves the batch alone',
      config: { exclude: [{ resource: [{ key: 'account', equals: 'other' }] }] },
      kept: ALL,
    },
  ];

  it.each(cases)('$name', async ({ config, kept, notIncluded = 0, excluded = 0 }) => {
    const r = await run(filterProcessor, config);
    await r.feed(batch);
    expect(lines(r.sink)).toEqual([...kept].sort());
    const filtered = 'settle_processor_filtered_points';
    expect(await r.metrics.value(filtered, { processor: 'filter', reason: 'not_included' })).toBe(notIncluded);
    expect(await r.metrics.value(filtered, { processor: 'filter', reason: 'excluded' })).toBe(excluded);
    await r.stop();
  });

  it('passes an untouched batch on as the same object and sends nothing when all is dropped', async () => {
    const r = await run(filterProcessor, { exclude: [{ metrics: ['nothing'] }] });
    await r.feed(batch);
    expect(r.sink.batches[0]).toBe(batch);
    const all = await run(filterProcessor, { exclude: [{ metrics: [{ glob: '*' }] }] });
    await all.feed(batch);
    expect(all.sink.batches).toEqual([]);
  });

  it('keeps the batch meta and resource', async () => {
    const r = await run(filterProcessor, { exclude: [{ metrics: ['room_temperature'] }] });
    await r.feed(batchOf(TEMPERATURE, [point({}, 1)], { a: 'b' }, { origin: 'backfill' }));
    await r.feed({ ...batch, meta: { origin: 'backfill' } });
    expect(r.sink.batches).toHaveLength(1);
    expect(r.sink.batches[0]?.meta).toEqual({ origin: 'backfill' });
    expect(r.sink.batches[0]?.resource).toEqual({ account: 'acme' });
  });

  const refused: [string, unknown][] = [
    ['a regex that does not compile', { exclude: [{ metrics: [{ regex: '(' }] }] }],
    ['an empty rule', { exclude: [{}] }],
    ['a condition with two tests', { exclude: [{ attributes: [{ key: 'a', equals: 1, exists: true }] }] }],
    ['an unknown key', { drop: [] }],
  ];
  it.each(refused)('refuses %s', (_name, config) => {
    expect(filterProcessor.config.safeParse(config).success).toBe(false);
  });
});
