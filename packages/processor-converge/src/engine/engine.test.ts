import { describe, expect, it } from 'vitest';
import { seriesKey, type Attributes, type Batch } from '@settle/core';
import { ConvergeEngine } from './engine.js';
import { MINUTE, REQUESTS, T0, brief, minute, one, poll } from '../../test/helpers.js';

const POLL = 30_000;
/** A time after every bucket used here has ended (a bucket is never stable before its end). */
const NOW = T0 + 10 * MINUTE;

/** Feeds `values` to series z / bucket 0, one per poll starting just after the bucket ends. */
function feed(engine: ConvergeEngine, values: readonly number[]): string[][] {
  return values.map((v, i) => brief(engine.ingest(one(v), T0 + MINUTE + i * POLL)));
}

// The seed's ConvergenceSequence cases, table-driven: at which observation something is pushed, and what.
const SEED_CASES: {
  name: string;
  threshold: number;
  values: number[];
  pushes: Record<number, string>;
  atExpiry: string[];
}[] = [
  {
    name: 'settling count converges on its final value',
    threshold: 3,
    values: [100, 150, 180, 200, 200, 200],
    pushes: { 5: 'z@0=200:stable' },
    atExpiry: [],
  },
  {
    name: 'a late change then three identical values is pushed again (revision)',
    threshold: 3,
    values: [100, 150, 180, 200, 200, 200, 210, 210, 210],
    pushes: { 5: 'z@0=200:stable', 8: 'z@0=210:revision' },
    atExpiry: [],
  },
  {
    name: 'threshold 1 pushes on first sight',
    threshold: 1,
    values: [100, 100, 120],
    pushes: { 0: 'z@0=100:stable', 2: 'z@0=120:revision' },
    atExpiry: [],
  },
  {
    name: 'threshold below 1 behaves as 1',
    threshold: 0,
    values: [100],
    pushes: { 0: 'z@0=100:stable' },
    atExpiry: [],
  },
  {
    name: 'interleaved values never stabilise; expiry pushes the latest',
    threshold: 3,
    values: [100, 200, 100, 200, 100, 200],
    pushes: {},
    atExpiry: ['z@0=200:ttl'],
  },
  {
    name: 'drift and return to the pushed value pushes nothing',
    threshold: 3,
    values: [200, 200, 200, 210, 200, 200, 200],
    pushes: { 2: 'z@0=200:stable' },
    atExpiry: [],
  },
  {
    name: 'drift and re-stabilise on a new value is a revision',
    threshold: 2,
    values: [200, 200, 210, 220, 220, 220],
    pushes: { 1: 'z@0=200:stable', 4: 'z@0=220:revision' },
    atExpiry: [],
  },
  {
    name: 'a value that drifted after its push is pushed at expiry',
    threshold: 3,
    values: [200, 200, 200, 230],
    pushes: { 2: 'z@0=200:stable' },
    atExpiry: ['z@0=230:ttl'],
  },
  {
    name: 'TTL expiry pushes a series that never stabilised',
    threshold: 3,
    values: [100, 150],
    pushes: {},
    atExpiry: ['z@0=150:ttl'],
  },
];

describe('ConvergeEngine: seed cases', () => {
  it.each(SEED_CASES)('$name', ({ threshold, values, pushes, atExpiry }) => {
    const engine = new ConvergeEngine({ threshold, ttlMs: 15 * MINUTE });
    const got = feed(engine, values);
    values.forEach((_, i) => expect(got[i], `after observation ${i}`).toEqual(pushes[i] ? [pushes[i]] : []));
    expect(brief(engine.expire(minute(0).timeMs + 15 * MINUTE))).toEqual(atExpiry);
    expect(engine.stats().openWindows).toBe(0);
  });
});

describe('ConvergeEngine: windows and TTL', () => {
  it('measures TTL from the bucket end, not from when the window was created (defect 1)', () => {
    const engine = new ConvergeEngine({ ttlMs: 15 * MINUTE });
    const end = minute(0).timeMs;
    engine.ingest(one(5), end + 14 * MINUTE); // first seen 14 minutes after the bucket ended
    expect(engine.expire(end + 15 * MINUTE - 1)).toEqual([]);
    expect(brief(engine.expire(end + 15 * MINUTE))).toEqual(['z@0=5:ttl']);
  });

  it('is deterministic: only the times passed in matter', () => {
    const run = (): string[] => {
      const e = new ConvergeEngine({ ttlMs: MINUTE });
      const out = [...e.ingest(one(1), 0), ...e.ingest(one(1), 1), ...e.expire(T0 + 10 * MINUTE)];
      return brief(out);
    };
    expect(run()).toEqual(run());
    expect(run()).toEqual(['z@0=1:ttl']);
  });

  it('keeps one window per bucket and closes them in bucket order', () => {
    const engine = new ConvergeEngine({ ttlMs: 2 * MINUTE });
    engine.ingest(poll({ a: { 2: 1, 0: 1, 1: 1 } }), NOW);
    expect(engine.stats().openWindows).toBe(3);
    expect(brief(engine.expire(T0 + 10 * MINUTE))).toEqual(['a@0=1:ttl', 'a@1=1:ttl', 'a@2=1:ttl']);
  });

  it('emits points stamped with the source bucket start and end', () => {
    const engine = new ConvergeEngine({ threshold: 1 });
    const [e] = engine.ingest(poll({ a: { 7: 42 } }), NOW);
    expect(e).toMatchObject({ startMs: minute(7).startMs, timeMs: minute(7).timeMs, value: 42 });
    expect(e?.info?.attributes).toEqual({ zone: 'a' });
    expect(e?.info?.resource).toEqual({ account: 'a1' });
  });

  it('keeps buckets with the same start but different ends apart (minute vs hour datasets)', () => {
    const engine = new ConvergeEngine({ threshold: 1 });
    const hour = { resource: {}, metrics: [{ descriptor: { name: 'h', kind: 'sum' as const }, points: [] }] };
    const pts = [
      { attributes: {}, startMs: T0, timeMs: T0 + MINUTE, value: 1 },
      { attributes: {}, startMs: T0, timeMs: T0 + 60 * MINUTE, value: 60 },
    ];
    const out = engine.ingest({ ...hour, metrics: [{ ...hour.metrics[0]!, points: pts }] }, T0 + 61 * MINUTE);
    expect(out.map((e) => [e.timeMs, e.value])).toEqual([
      [T0 + MINUTE, 1],
      [T0 + 60 * MINUTE, 60],
    ]);
    expect(engine.stats().openWindows).toBe(2);
  });
});

describe('ConvergeEngine: defects of the seed', () => {
  it('tracks pushed per series: a stable neighbour does not hide a never-stable series (defect 2)', () => {
    const engine = new ConvergeEngine({ threshold: 2 });
    engine.ingest(poll({ a: { 0: 10 }, b: { 0: 1 } }), NOW);
    expect(brief(engine.ingest(poll({ a: { 0: 10 }, b: { 0: 2 } }), NOW + POLL))).toEqual(['a@0=10:stable']);
    expect(brief(engine.expire(T0 + 30 * MINUTE))).toEqual(['b@0=2:ttl']);
  });

  it('flush emits only what was not pushed, and never twice (defect 3)', () => {
    const engine = new ConvergeEngine({ threshold: 2 });
    engine.ingest(poll({ a: { 0: 10 }, b: { 0: 1 } }), NOW);
    engine.ingest(poll({ a: { 0: 10 }, b: { 0: 2 } }), NOW + POLL);
    expect(brief(engine.flush())).toEqual(['b@0=2:flush']);
    expect(engine.flush()).toEqual([]);
    expect(engine.expire(T0 + 30 * MINUTE)).toEqual([]);
  });

  it('a snapshot restores open windows and pushed state (defect 4, engine side)', () => {
    const a = new ConvergeEngine({ threshold: 2 });
    a.ingest(poll({ a: { 0: 10 }, b: { 0: 1 } }), NOW);
    a.ingest(poll({ a: { 0: 10 }, b: { 0: 2 } }), NOW + POLL);
    const b = new ConvergeEngine({ threshold: 2 });
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    expect(b.stats()).toMatchObject({ openWindows: 1, trackedSeries: 2 });
    expect(brief(b.ingest(poll({ a: { 0: 10 }, b: { 0: 2 } }), NOW + 2 * POLL))).toEqual(['b@0=2:stable']);
  });

  describe('a restart: values last seen before it are pushed only once read again, or TTL after it', () => {
    const TTL = 15 * MINUTE;
    /** An engine that saw z = 100 and y = 5 (unsettled) in bucket 0, restored at `restartAt`. */
    function restartedAt(restartAt: number): { engine: ConvergeEngine; waiting: number } {
      const before = new ConvergeEngine({ threshold: 3, ttlMs: TTL });
      before.ingest(poll({ x: { 0: 1 } }, 'backfill'), T0 + MINUTE); // pushed at once: never stale
      before.ingest(poll({ z: { 0: 100 }, y: { 0: 5 } }), T0 + MINUTE + POLL);
      const engine = new ConvergeEngine({ threshold: 3, ttlMs: TTL });
      const waiting = engine.restore(JSON.parse(JSON.stringify(before.snapshot())), restartAt);
      return { engine, waiting };
    }
    const LATER = T0 + 30 * MINUTE; // bucket 0 ended at T0 + 1 min: its TTL passed at T0 + 16 min

    it('after a stop past the TTL: nothing at once; a backfill re-read pushes the value read at once', () => {
      const { engine, waiting } = restartedAt(LATER);
      expect(waiting).toBe(1);
      expect(engine.expire(LATER)).toEqual([]);
      expect(brief(engine.ingest(poll({ z: { 0: 180 } }, 'backfill'), LATER + POLL))).toEqual(['z@0=180:backfill']);
      // y was never read again: pushed TTL after the restart with its last value, so nothing is lost.
      expect(engine.expire(LATER + TTL - 1)).toEqual([]);
      expect(brief(engine.expire(LATER + TTL))).toEqual(['y@0=5:ttl']);
      expect(engine.stats().openWindows).toBe(0);
    });

    it('once every stale series is read again, the window closes at its own TTL', () => {
      const { engine } = restartedAt(T0 + 5 * MINUTE);
      engine.ingest(poll({ z: { 0: 150 }, y: { 0: 6 } }), T0 + 5 * MINUTE + POLL);
      expect(brief(engine.expire(T0 + 16 * MINUTE))).toEqual(['z@0=150:ttl', 'y@0=6:ttl']);
    });

    it('inside its TTL, a window with a series not read again waits for it TTL after the restart', () => {
      const { engine } = restartedAt(T0 + 5 * MINUTE);
      engine.ingest(poll({ z: { 0: 150 } }), T0 + 5 * MINUTE + POLL);
      expect(engine.expire(T0 + 16 * MINUTE)).toEqual([]);
      expect(brief(engine.expire(T0 + 20 * MINUTE))).toEqual(['z@0=150:ttl', 'y@0=5:ttl']);
    });

    it('live data read again goes on settling by the usual rule', () => {
      const { engine } = restartedAt(T0 + 10 * MINUTE);
      engine.ingest(poll({ z: { 0: 100 }, y: { 0: 5 } }), T0 + 10 * MINUTE);
      expect(brief(engine.ingest(poll({ z: { 0: 100 }, y: { 0: 5 } }), T0 + 10 * MINUTE + POLL))).toEqual([
        'z@0=100:stable',
        'y@0=5:stable',
      ]);
    });

    it('a stop within restart_grace (1 min by default) resumes as if uninterrupted', () => {
      const { engine, waiting } = restartedAt(T0 + 2 * MINUTE);
      expect(waiting).toBe(0);
      expect(brief(engine.expire(T0 + 16 * MINUTE))).toEqual(['z@0=100:ttl', 'y@0=5:ttl']);
    });

    it('without the restart time, every window resumes as saved (and is due at its TTL)', () => {
      const before = new ConvergeEngine({ threshold: 3, ttlMs: TTL });
      before.ingest(poll({ z: { 0: 100 } }), T0 + MINUTE + POLL);
      const engine = new ConvergeEngine({ threshold: 3, ttlMs: TTL });
      expect(engine.restore(JSON.parse(JSON.stringify(before.snapshot())))).toBe(0);
      expect(brief(engine.expire(LATER))).toEqual(['z@0=100:ttl']);
    });
  });

  it('a series missing from a poll keeps its last value and its run (defect 5)', () => {
    const engine = new ConvergeEngine({ threshold: 3 });
    engine.ingest(poll({ a: { 0: 5 }, b: { 0: 7 } }), NOW);
    engine.ingest(poll({ a: { 0: 5 }, b: { 0: 7 } }), NOW + POLL);
    // b is omitted (zero-count combos are left out; sampled datasets come and go): no zero is invented.
    expect(brief(engine.ingest(poll({ a: { 0: 5 } }), NOW + 2 * POLL))).toEqual(['a@0=5:stable']);
    // its run resumes where it stopped: the third identical observation makes it stable.
    expect(brief(engine.ingest(poll({ a: { 0: 5 }, b: { 0: 7 } }), NOW + 3 * POLL))).toEqual(['b@0=7:stable']);
  });

  it('a series that vanishes for good is pushed at expiry with its last value (defect 5)', () => {
    const engine = new ConvergeEngine({ threshold: 3 });
    engine.ingest(poll({ a: { 0: 5 }, b: { 0: 7 } }), NOW);
    engine.ingest(poll({ a: { 0: 6 } }), NOW + POLL);
    expect(brief(engine.expire(T0 + 30 * MINUTE))).toEqual(['a@0=6:ttl', 'b@0=7:ttl']);
  });

  it('backfill points stabilise at once (defect 6)', () => {
    const engine = new ConvergeEngine({ threshold: 3 });
    expect(brief(engine.ingest(one(500, 'backfill'), T0 + 60 * MINUTE))).toEqual(['z@0=500:backfill']);
    expect(engine.ingest(one(500, 'backfill'), T0 + 61 * MINUTE)).toEqual([]);
  });

  it('backfill_threshold sets how many identical backfill observations are needed', () => {
    const engine = new ConvergeEngine({ threshold: 3, backfillThreshold: 2 });
    expect(engine.ingest(one(500, 'backfill'), T0)).toEqual([]);
    expect(brief(engine.ingest(one(500, 'backfill'), T0 + 1))).toEqual(['z@0=500:backfill']);
  });
});

describe('series identity on the batch path', () => {
  const RESOURCE = { account: 'a1' };
  const batchOf = (points: { attributes: Attributes; bucket: number; value: number }[]): Batch => ({
    resource: RESOURCE,
    metrics: [{ descriptor: REQUESTS, points: points.map((p) => ({ ...p, ...minute(p.bucket) })) }],
  });
  const keyOf = (attributes: Attributes): string => seriesKey(REQUESTS.name, attributes, RESOURCE);

  it('attributes listed in another order are the same series, emitted under its canonical key', () => {
    const engine = new ConvergeEngine({ threshold: 3 });
    const orders = [
      { zone: 'z', status: '200' },
      { status: '200', zone: 'z' },
      { zone: 'z', status: '200' },
    ];
    const out = orders.flatMap((attributes, i) =>
      engine.ingest(batchOf([{ attributes, bucket: 0, value: 7 }]), NOW + i),
    );
    expect(out.map((e) => [e.key, e.value, e.reason])).toEqual([[keyOf(orders[0]!), 7, 'stable']]);
    expect(engine.stats().internedSeries).toBe(1);
  });

  it('values equal as text but not as JSON (200 and "200") stay different series', () => {
    const engine = new ConvergeEngine({ threshold: 1 });
    const out = engine.ingest(
      batchOf([
        { attributes: { status: 200 }, bucket: 0, value: 1 },
        { attributes: { status: '200' }, bucket: 0, value: 2 },
      ]),
      NOW,
    );
    expect(out.map((e) => e.key)).toEqual([keyOf({ status: 200 }), keyOf({ status: '200' })]);
  });

  it('a series whose id was recycled for another one keeps its own key when it comes back', () => {
    const engine = new ConvergeEngine({ threshold: 1, ttlMs: 5 * MINUTE });
    const a = { zone: 'a' };
    const b = { zone: 'b' };
    engine.ingest(batchOf([{ attributes: a, bucket: 0, value: 1 }]), NOW);
    engine.expire(T0 + 6 * MINUTE); // a's only window closes: its id is free again
    engine.ingest(batchOf([{ attributes: b, bucket: 5, value: 2 }]), T0 + 7 * MINUTE); // b takes that id
    const back = engine.ingest(batchOf([{ attributes: { zone: 'a' }, bucket: 6, value: 3 }]), T0 + 8 * MINUTE);
    expect(back.map((e) => [e.key, e.value])).toEqual([[keyOf(a), 3]]);
    expect(engine.stats().internedSeries).toBe(2);
  });

  it('late points pushed as they come carry their canonical key', () => {
    const engine = new ConvergeEngine({ threshold: 3, ttlMs: 5 * MINUTE, late: 'push' });
    engine.expire(T0 + 20 * MINUTE);
    const out = engine.ingest(batchOf([{ attributes: { status: '500', zone: 'z' }, bucket: 0, value: 9 }]), NOW);
    expect(out.map((e) => [e.key, e.reason])).toEqual([[keyOf({ zone: 'z', status: '500' }), 'late']]);
  });
});
