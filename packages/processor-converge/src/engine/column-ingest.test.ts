import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seriesKey, type Batch } from '@settle/core';
import { ConvergeEngine } from './engine.js';
import type { EngineOptions } from './options.js';
import type { Emission, ObservationColumns, Origin } from './types.js';
import { MINUTE, REQUESTS, T0, minute } from '../../test/helpers.js';

// The columnar paths walk observations in runs of one bucket and look each window up once per run; max_series
// can close that very window in the middle of a run. Whatever the order of the observations, they must emit
// exactly what the batch path emits.

type Obs = { s: number; b: number; v: number };
type Op = { kind: 'poll'; origin: Origin; dt: number; obs: Obs[] } | { kind: 'expire'; dt: number };

const BUCKETS = [0, 1, 2, 3].map(minute);
const obs = fc.record({ s: fc.nat(5), b: fc.nat(3), v: fc.nat(2) });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('poll' as const),
      origin: fc.constantFrom<Origin>('live', 'live', 'backfill'),
      dt: fc.nat(90_000),
      // Sorted by bucket half of the time, so that runs are long as well as short.
      obs: fc
        .tuple(fc.array(obs, { maxLength: 16 }), fc.boolean())
        .map(([xs, sorted]) => (sorted ? [...xs].sort((x, y) => x.b - y.b) : xs)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), dt: fc.nat(6 * MINUTE) }) },
);
const options: fc.Arbitrary<EngineOptions> = fc.record({
  threshold: fc.integer({ min: 1, max: 3 }),
  ttlMs: fc.integer({ min: 2, max: 8 }).map((m) => m * MINUTE),
  maxSeries: fc.integer({ min: 1, max: 12 }),
  late: fc.constantFrom('push' as const, 'drop' as const),
});

const RESOURCE = {};
const keyOf = (s: number): string => seriesKey(REQUESTS.name, { s: `s${s}` }, RESOURCE);

function batchOf(o: Extract<Op, { kind: 'poll' }>): Batch {
  const points = o.obs.map(({ s, b, v }) => ({ attributes: { s: `s${s}` }, ...BUCKETS[b]!, value: v }));
  return { resource: RESOURCE, metrics: [{ descriptor: REQUESTS, points }], meta: { origin: o.origin } };
}

type Input = 'batch' | 'keys';

function run(opts: EngineOptions, ops: readonly Op[], input: Input): string[] {
  const engine = new ConvergeEngine(opts);
  const out: string[] = [];
  const record = (es: readonly Emission[]): void => {
    for (const e of es) out.push(`${e.key}|${e.timeMs}=${e.value}:${e.reason}`);
  };
  let now = T0 + 4 * MINUTE;
  for (const o of ops) {
    now += o.dt;
    if (o.kind === 'expire') record(engine.expire(now));
    else if (input === 'batch') record(engine.ingest(batchOf(o), now));
    else {
      const cols: ObservationColumns = {
        length: o.obs.length,
        buckets: BUCKETS,
        bucket: Int32Array.from(o.obs, (x) => x.b),
        series: o.obs.map((x) => keyOf(x.s)),
        values: Float64Array.from(o.obs, (x) => x.v),
      };
      record(engine.ingestColumns(cols, now, o.origin).toArray());
    }
  }
  record(engine.flush());
  return out;
}

describe('ColumnIngest', () => {
  it('emits what the batch path emits, with evictions in the middle of a run', () => {
    fc.assert(
      fc.property(options, fc.array(op, { maxLength: 30 }), (opts, ops) => {
        const expected = run(opts, ops, 'batch');
        expect(run(opts, ops, 'keys')).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects an observation that refers to a bucket it was not given', () => {
    const engine = new ConvergeEngine();
    const cols = { length: 1, buckets: BUCKETS, bucket: Int32Array.of(7), series: ['k'], values: Float64Array.of(1) };
    expect(() => engine.ingestColumns(cols, T0)).toThrow(/bucket 7, but only 4 exist/);
  });
});
