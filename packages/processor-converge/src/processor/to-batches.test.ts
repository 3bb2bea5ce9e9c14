import type { Batch, MetricDescriptor } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { ConvergeEngine } from '../engine/engine.js';
import { minute, MINUTE, poll, REQUESTS, T0 } from '../../test/helpers.js';
import { toBatches } from './to-batches.js';

const BYTES: MetricDescriptor = { ...REQUESTS, name: 'cloudflare_zone_bytes_total', unit: 'By' };

/** Every point of the batches as `resource|origin|metric|zone@bucket=value`, in output order. */
function flat(batches: readonly Batch[]): string[] {
  return batches.flatMap((b) =>
    b.metrics.flatMap((m) =>
      m.points.map(
        (p) =>
          `${String(b.resource.account)}|${b.meta?.origin}|${m.descriptor.name}|${String(p.attributes.zone)}@${(p.timeMs - T0) / MINUTE - 1}=${p.value}`,
      ),
    ),
  );
}

describe('toBatches', () => {
  it('builds one batch per resource and origin, one metric per descriptor, from the emission columns', () => {
    const engine = new ConvergeEngine({ threshold: 1 });
    const now = T0 + 5 * MINUTE;
    const other = { ...poll({ c: { 0: 7 } }), resource: { account: 'a2' } };
    engine.ingestBuffered(poll({ a: { 0: 1, 1: 2 } }), now);
    const live = toBatches(engine.ingestBuffered(poll({ b: { 0: 3 } }, 'live', BYTES), now));
    expect(flat(live.batches)).toEqual(['a1|live|cloudflare_zone_bytes_total|b@0=3']);
    const mixed = engine.ingestBuffered(
      {
        ...poll({ d: { 2: 4 }, e: { 2: 5 } }),
        metrics: [...poll({ d: { 2: 4 } }).metrics, ...poll({ e: { 2: 5 } }, 'live', BYTES).metrics],
      },
      now,
    );
    expect(flat(toBatches(mixed).batches)).toEqual([
      'a1|live|cloudflare_zone_requests_total|d@2=4',
      'a1|live|cloudflare_zone_bytes_total|e@2=5',
    ]);
    const out = toBatches(engine.ingestBuffered(other, now));
    expect(out.batches).toHaveLength(1);
    expect(out.batches[0]!.resource).toEqual({ account: 'a2' });
    const backfill = toBatches(engine.ingestBuffered(poll({ f: { 3: 9 } }, 'backfill'), now));
    expect(flat(backfill.batches)).toEqual(['a1|backfill|cloudflare_zone_requests_total|f@3=9']);
    expect(live.unbatchable + out.unbatchable + backfill.unbatchable).toBe(0);
  });

  it('counts the points of series it has no descriptor for (met only as key strings), never drops them silently', () => {
    const engine = new ConvergeEngine({ threshold: 1 });
    const now = T0 + 5 * MINUTE;
    const out = engine.ingestColumns(
      {
        length: 2,
        buckets: [minute(0)],
        bucket: Int32Array.of(0, 0),
        series: ['k1', 'k2'],
        values: Float64Array.of(1, 2),
      },
      now,
    );
    expect(out.length).toBe(2);
    expect(toBatches(out)).toEqual({ batches: [], unbatchable: 2 });
  });
});
