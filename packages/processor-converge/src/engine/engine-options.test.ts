import { describe, expect, it } from 'vitest';
import { ConvergeEngine } from './engine.js';
import { MINUTE, T0, brief, minute, one, poll } from '../../test/helpers.js';
import { v1Fixture } from '../../test/fixtures/snapshot-v1.js';

const END = minute(0).timeMs;
const S = 1_000;

describe('ConvergeEngine: late observations', () => {
  it('drops observations for a bucket whose window closed, and counts them (late: drop)', () => {
    const engine = new ConvergeEngine({ threshold: 3, ttlMs: 15 * MINUTE });
    engine.ingest(one(5), END);
    expect(brief(engine.expire(END + 15 * MINUTE))).toEqual(['z@0=5:ttl']);
    expect(engine.ingest(one(6), END + 16 * MINUTE)).toEqual([]);
    expect(engine.stats()).toMatchObject({ latePoints: 1, openWindows: 0, trackedSeries: 0 });
  });

  it('pushes them as they come with late: push, counted as late', () => {
    const engine = new ConvergeEngine({ threshold: 3, ttlMs: 15 * MINUTE, late: 'push' });
    engine.ingest(one(5), END);
    engine.expire(END + 15 * MINUTE);
    expect(brief(engine.ingest(one(6), END + 16 * MINUTE))).toEqual(['z@0=6:late']);
    expect(engine.stats()).toMatchObject({ latePoints: 1, openWindows: 0 });
    expect(engine.stats().emitted.late).toBe(1);
  });

  it('a live bucket already past its TTL is late even if never seen (its window would have closed)', () => {
    const engine = new ConvergeEngine({ ttlMs: 15 * MINUTE });
    engine.expire(END + 20 * MINUTE);
    expect(engine.ingest(one(6), END + 20 * MINUTE)).toEqual([]);
    expect(engine.stats().latePoints).toBe(1);
  });

  it('backfill of history never seen live is not late; backfill of a live-closed bucket is', () => {
    const engine = new ConvergeEngine({ ttlMs: 15 * MINUTE });
    engine.ingest(poll({ a: { 5: 1 } }), minute(5).timeMs);
    engine.expire(T0 + 60 * MINUTE);
    const out = engine.ingest(poll({ a: { 0: 9, 5: 9 } }, 'backfill'), T0 + 60 * MINUTE);
    expect(brief(out)).toEqual(['a@0=9:backfill']);
    expect(engine.stats().latePoints).toBe(1);
  });

  it('a backfill-only window stays open ttl after its last backfill data, so a chunk split over batches lands once', () => {
    const engine = new ConvergeEngine({ ttlMs: 15 * MINUTE });
    engine.ingest(poll({ a: { 0: 9 } }, 'backfill'), T0 + 60 * MINUTE);
    expect(engine.expire(T0 + 61 * MINUTE)).toEqual([]);
    expect(brief(engine.ingest(poll({ a: { 0: 9 }, b: { 0: 4 } }, 'backfill'), T0 + 62 * MINUTE))).toEqual([
      'b@0=4:backfill',
    ]);
    engine.expire(T0 + 77 * MINUTE);
    expect(engine.stats()).toMatchObject({ latePoints: 0, openWindows: 0 });
    // closed now: the same bucket again is late, not pushed a second time
    expect(engine.ingest(poll({ a: { 0: 9 } }, 'backfill'), T0 + 78 * MINUTE)).toEqual([]);
    expect(engine.stats().latePoints).toBe(1);
  });

  it('live data for a bucket past its TTL is late even when backfill reopened its window', () => {
    const engine = new ConvergeEngine({ ttlMs: 15 * MINUTE });
    engine.expire(T0 + 60 * MINUTE);
    engine.ingest(poll({ a: { 0: 9 } }, 'backfill'), T0 + 60 * MINUTE);
    expect(engine.ingest(poll({ a: { 0: 9 } }), T0 + 60 * MINUTE)).toEqual([]);
    expect(engine.stats().latePoints).toBe(1);
  });
});

describe('ConvergeEngine: tolerance', () => {
  it('treats values within the relative tolerance as identical, and pushes the latest', () => {
    const engine = new ConvergeEngine({ threshold: 3, tolerance: 0.01 });
    const out = [1000, 1005, 995].flatMap((v, i) => brief(engine.ingest(one(v), END + i)));
    expect(out).toEqual(['z@0=995:stable']);
  });

  it('compares with the first value of the run, so a slow creep does not count as stable', () => {
    const engine = new ConvergeEngine({ threshold: 3, tolerance: 0.01 });
    const out = [1000, 1008, 1016, 1024].flatMap((v, i) => brief(engine.ingest(one(v), END + i)));
    expect(out).toEqual([]);
  });

  it('does not push again for a value within tolerance of the pushed one', () => {
    const engine = new ConvergeEngine({ threshold: 2, tolerance: 0.05 });
    const out = [100, 100, 103, 103, 120, 120].flatMap((v, i) => brief(engine.ingest(one(v), END + i)));
    expect(out).toEqual(['z@0=100:stable', 'z@0=120:revision']);
  });
});

describe('ConvergeEngine: max_series', () => {
  it('closes the oldest windows first when the bound is reached, pushing and counting them', () => {
    const engine = new ConvergeEngine({ threshold: 3, maxSeries: 4 });
    engine.ingest(poll({ a: { 0: 1, 1: 1 }, b: { 0: 2, 1: 2 } }), T0 + 5 * MINUTE);
    const out = engine.ingest(poll({ a: { 2: 3 } }), T0 + 5 * MINUTE);
    expect(brief(out)).toEqual(['a@0=1:evicted', 'b@0=2:evicted']);
    expect(engine.stats()).toMatchObject({ trackedSeries: 3, openWindows: 2, evictedWindows: 1 });
    expect(engine.stats().emitted.evicted).toBe(2);
    // the evicted bucket is closed: more data for it is late
    engine.ingest(poll({ a: { 0: 1 } }), T0 + 6 * MINUTE);
    expect(engine.stats().latePoints).toBe(1);
  });

  it('a series whose only tracker is evicted to make room for its next bucket keeps its identity', () => {
    const engine = new ConvergeEngine({ threshold: 1, maxSeries: 1 });
    const out = engine.ingest(poll({ a: { 0: 1, 1: 2 } }), T0 + 5 * MINUTE);
    expect(brief(out)).toEqual(['a@0=1:stable', 'a@1=2:stable']);
    expect(brief(engine.flush())).toEqual([]);
    expect(engine.stats()).toMatchObject({ trackedSeries: 1, internedSeries: 1, evictedWindows: 1 });
  });

  it('never holds more trackers than the bound', () => {
    const engine = new ConvergeEngine({ threshold: 3, maxSeries: 50 });
    for (let p = 0; p < 10; p++) {
      const values: Record<string, Record<number, number>> = {};
      for (let s = 0; s < 20; s++) values[`s${s}`] = { [p]: s, [p + 1]: s, [p + 2]: s };
      engine.ingest(poll(values), T0 + (p + 3) * MINUTE);
      expect(engine.stats().trackedSeries).toBeLessThanOrEqual(50);
    }
    expect(engine.stats().evictedWindows).toBeGreaterThan(0);
  });
});

describe('ConvergeEngine: stable_for and min_age (issue 8)', () => {
  it('a value seen 3 times within 20 s is not stable with stable_for 60s, until a later observation ≥ 60 s after the first', () => {
    const engine = new ConvergeEngine({ threshold: 3, stableForMs: 60 * S });
    expect([0, 10, 20].flatMap((t) => engine.ingest(one(7), END + t * S))).toEqual([]);
    expect(engine.ingest(one(7), END + 50 * S)).toEqual([]);
    expect(brief(engine.ingest(one(7), END + 60 * S))).toEqual(['z@0=7:stable']);
  });

  it('a change restarts the clock of stable_for', () => {
    const engine = new ConvergeEngine({ threshold: 2, stableForMs: 30 * S });
    engine.ingest(one(1), END);
    engine.ingest(one(2), END + 20 * S);
    expect(engine.ingest(one(2), END + 40 * S)).toEqual([]);
    expect(brief(engine.ingest(one(2), END + 50 * S))).toEqual(['z@0=2:stable']);
  });

  it('min_age holds a bucket back until its end + min_age', () => {
    const engine = new ConvergeEngine({ threshold: 2, minAgeMs: 120 * S });
    expect([0, 30, 60, 90].flatMap((t) => engine.ingest(one(7), END + t * S))).toEqual([]);
    expect(brief(engine.ingest(one(7), END + 120 * S))).toEqual(['z@0=7:stable']);
  });

  it('a bucket is never stable before it ends (min_age 0)', () => {
    const engine = new ConvergeEngine({ threshold: 1 });
    expect(engine.ingest(one(7), END - 1)).toEqual([]);
    expect(brief(engine.ingest(one(7), END))).toEqual(['z@0=7:stable']);
  });

  it('backfill points are unaffected by stable_for and min_age', () => {
    const engine = new ConvergeEngine({ threshold: 3, stableForMs: 600 * S, minAgeMs: 600 * S });
    expect(brief(engine.ingest(one(9, 'backfill'), END))).toEqual(['z@0=9:backfill']);
  });
});

describe('ConvergeEngine: columns and batches agree', () => {
  it('ingestColumns emits what ingest emits for the same observations', () => {
    const viaBatch = new ConvergeEngine({ threshold: 2 });
    const viaColumns = new ConvergeEngine({ threshold: 2 });
    const values: number[][] = [
      [1, 2, 3],
      [1, 2, 4],
      [1, 5, 4],
    ];
    for (const [p, row] of values.entries()) {
      const batch = poll(Object.fromEntries(row.map((v, s) => [`s${s}`, { 0: v, 1: v * 10 }])));
      const now = T0 + (3 + p) * MINUTE;
      const a = viaBatch.ingest(batch, now);
      const pts = batch.metrics[0]!.points;
      const b = viaColumns.ingestColumns(
        {
          length: pts.length,
          buckets: [minute(0), minute(1)],
          bucket: Int32Array.from(pts, (pt) => (pt.startMs === minute(0).startMs ? 0 : 1)),
          series: pts.map((pt) => String(pt.attributes.zone)),
          values: Float64Array.from(pts, (pt) => pt.value),
        },
        now,
      );
      expect(b.toArray().map((e) => [e.timeMs, e.value, e.reason])).toEqual(
        a.map((e) => [e.timeMs, e.value, e.reason]),
      );
    }
  });
});

describe('ConvergeEngine: snapshots', () => {
  it('survive a round trip, including NaN and infinities, and restore the same behaviour', () => {
    const a = new ConvergeEngine({ threshold: 3, tolerance: 0.1 });
    a.ingest(poll({ n: { 0: NaN }, i: { 0: Infinity }, x: { 0: 5, 1: 6 } }), T0 + 5 * MINUTE);
    const saved = a.snapshot();
    const b = new ConvergeEngine({ threshold: 3, tolerance: 0.1 });
    b.restore(Buffer.from(saved));
    expect(b.snapshot().equals(saved)).toBe(true);
    const next = poll({ n: { 0: NaN }, i: { 0: Infinity }, x: { 0: 5, 1: 6 } });
    for (let p = 1; p < 3; p++) {
      expect(brief(b.ingest(next, T0 + (5 + p) * MINUTE))).toEqual(brief(a.ingest(next, T0 + (5 + p) * MINUTE)));
    }
    expect(brief(b.flush())).toEqual(brief(a.flush()));
  });

  it('rejects a malformed checkpoint with a clear error', () => {
    const engine = new ConvergeEngine();
    expect(() => engine.restore({ format: 'other' })).toThrow(/converge checkpoint is not usable: format/);
    expect(() => engine.restore('nope')).toThrow(/not an object/);
    const bad = { ...v1Fixture().snapshot, windows: [{ timeMs: 1, series: [3], latest: [1] }] };
    expect(() => engine.restore(bad)).toThrow(/columns of different lengths/);
    const { snapshot } = v1Fixture();
    const w = snapshot.windows[0]!;
    const noRun = { ...snapshot, windows: [{ ...w, run: w.run.map(() => 'x') }] };
    expect(() => engine.restore(noRun)).toThrow(/run that is not a whole number/);
    expect(() => engine.restore(Buffer.from('settle.converge/1'))).toThrow(/no magic/);
    // Binary checkpoints: see snapshot.test.ts.
  });
});
