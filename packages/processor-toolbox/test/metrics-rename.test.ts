import { runConformance } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { metricsRenameProcessor } from '../src/index.js';
import { point, REQUESTS, run, TEMPERATURE } from './harness.js';

runConformance(metricsRenameProcessor, { validConfig: { rules: [{ from: 'a', to: 'b' }] } });

describe('metrics_rename', () => {
  const cases: { name: string; rules: unknown[]; out: string[] }[] = [
    {
      name: 'exact name',
      rules: [{ from: 'cloudflare_zone_requests_total', to: 'cloudflare.zone.requests' }],
      out: ['cloudflare.zone.requests', 'room_temperature'],
    },
    {
      name: 'regex with groups, over the whole name',
      rules: [{ regex: 'cloudflare_zone_(.+)_total', to: 'cf.$1' }],
      out: ['cf.requests', 'room_temperature'],
    },
    {
      name: 'named groups',
      rules: [{ regex: '(?<thing>room)_(?<what>.+)', to: '$<what>.$<thing>' }],
      out: ['cloudflare_zone_requests_total', 'temperature.room'],
    },
    {
      name: 'the first matching rule wins',
      rules: [
        { regex: 'room_.*', to: 'first' },
        { from: 'room_temperature', to: 'second' },
      ],
      out: ['cloudflare_zone_requests_total', 'first'],
    },
    {
      name: 'no match leaves names alone',
      rules: [{ regex: 'zone', to: 'x' }],
      out: ['cloudflare_zone_requests_total', 'room_temperature'],
    },
  ];

  it.each(cases)('$name', async ({ rules, out }) => {
    const r = await run(metricsRenameProcessor, { rules });
    const input = {
      resource: {},
      metrics: [
        { descriptor: REQUESTS, points: [point({ zone: 'a' }, 1)] },
        { descriptor: TEMPERATURE, points: [point({}, 2)] },
      ],
    };
    await r.feed(input);
    await r.feed(input); // a second time, through the name cache
    const names = r.sink.batches.map((b) => b.metrics.map((m) => m.descriptor.name));
    expect(names).toEqual([out, out]);
    expect(r.sink.batches[0]?.metrics[0]?.descriptor.kind).toBe('sum');
    expect(r.sink.batches[0]?.metrics[0]?.points).toBe(input.metrics[0]?.points);
  });

  it('refuses a regex that does not compile', () => {
    expect(metricsRenameProcessor.config.safeParse({ rules: [{ regex: '[', to: 'x' }] }).success).toBe(false);
  });
});
