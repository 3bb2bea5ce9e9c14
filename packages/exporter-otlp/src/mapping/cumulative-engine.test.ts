import type { Batch, DataPoint } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { batchOf } from '@settle/core/testing';
import { bucket, MINUTE, REQUESTS } from '../../test/support/batches.js';
import { CumulativeEngine } from './cumulative-engine.js';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 60 * MINUTE;
const A = { zone: 'a.example' };
const B = { zone: 'b.example' };

function engine(): CumulativeEngine {
  return new CumulativeEngine({ revisionWindowMs: 2 * HOUR, seriesTtlMs: 24 * HOUR });
}

/** [zone, minute offset of the bucket end, value] of every emitted point. */
function emitted(batch: Batch): [string, number, number][] {
  return batch.metrics.flatMap((m) =>
    m.points.map((p: DataPoint): [string, number, number] => [
      String(p.attributes.zone),
      (p.timeMs - T0) / MINUTE,
      p.value,
    ]),
  );
}

describe('CumulativeEngine', () => {
  it('keeps a running total per series, starting at the first bucket start', () => {
    const e = engine();
    const out = e.apply(batchOf(REQUESTS, [bucket(T0, 5, A), bucket(T0, 2, B), bucket(T0 + MINUTE, 3, A)]), {});
    expect(emitted(out.batch)).toEqual([
      ['a.example', 1, 5],
      ['b.example', 1, 2],
      ['a.example', 2, 8],
    ]);
    expect(out.batch.metrics[0]?.descriptor).toMatchObject({ temporality: 'cumulative', monotonic: true });
    expect(out.batch.metrics[0]?.points.every((p) => p.startMs === T0)).toBe(true);
    expect(out.touched).toEqual(new Set([REQUESTS.name]));
    const next = e.apply(batchOf(REQUESTS, [bucket(T0 + 2 * MINUTE, 4, A)]), {});
    expect(emitted(next.batch)).toEqual([['a.example', 3, 12]]);
  });

  it('folds an upward revision of an old bucket into the next point, never re-emitting old times', () => {
    const e = engine();
    e.apply(batchOf(REQUESTS, [bucket(T0, 5, A), bucket(T0 + MINUTE, 5, A)]), {});
    const revision = e.apply(batchOf(REQUESTS, [bucket(T0, 9, A)]), {});
    expect(emitted(revision.batch)).toEqual([]);
    expect(emitted(e.apply(batchOf(REQUESTS, [bucket(T0 + 2 * MINUTE, 1, A)]), {}).batch)).toEqual([
      ['a.example', 3, 15],
    ]);
  });

  it('is idempotent: the same bucket with the same value again changes nothing', () => {
    const e = engine();
    const b = batchOf(REQUESTS, [bucket(T0, 5, A), bucket(T0 + MINUTE, 2, A)]);
    e.apply(b, {});
    expect(emitted(e.apply(b, {}).batch)).toEqual([]);
    expect(emitted(e.apply(batchOf(REQUESTS, [bucket(T0 + 2 * MINUTE, 1, A)]), {}).batch)).toEqual([
      ['a.example', 3, 8],
    ]);
  });

  it('never lets a downward revision decrease a monotonic counter', () => {
    const e = engine();
    e.apply(batchOf(REQUESTS, [bucket(T0, 10, A)]), {});
    e.apply(batchOf(REQUESTS, [bucket(T0, 4, A)]), {}); // exact total is now 4, 10 was already sent
    const seq = [2, 3, 5].map(
      (v, i) => emitted(e.apply(batchOf(REQUESTS, [bucket(T0 + (i + 1) * MINUTE, v, A)]), {}).batch)[0],
    );
    expect(seq).toEqual([
      ['a.example', 2, 10], // 6 < 10: stalls
      ['a.example', 3, 10], // 9 < 10: stalls
      ['a.example', 4, 14], // caught up with the exact total
    ]);
  });

  it('lets a non-monotonic sum follow its exact total down', () => {
    const d = { ...REQUESTS, monotonic: false };
    const e = engine();
    e.apply(batchOf(d, [bucket(T0, 10, A)]), {});
    e.apply(batchOf(d, [bucket(T0, 4, A)]), {});
    expect(emitted(e.apply(batchOf(d, [bucket(T0 + MINUTE, -1, A)]), {}).batch)).toEqual([['a.example', 2, 3]]);
  });

  it('adds a late, never-seen bucket inside the window to the total without emitting at its time', () => {
    const e = engine();
    e.apply(batchOf(REQUESTS, [bucket(T0, 1, A), bucket(T0 + 2 * MINUTE, 1, A)]), {});
    expect(emitted(e.apply(batchOf(REQUESTS, [bucket(T0 + MINUTE, 5, A)]), {}).batch)).toEqual([]);
    expect(emitted(e.apply(batchOf(REQUESTS, [bucket(T0 + 3 * MINUTE, 1, A)]), {}).batch)).toEqual([
      ['a.example', 4, 8],
    ]);
  });

  it('drops a bucket of a known series older than the revision window (could be counted twice)', () => {
    const e = engine();
    e.apply(batchOf(REQUESTS, [bucket(T0, 1, A)]), {});
    e.apply(batchOf(REQUESTS, [bucket(T0 + 3 * HOUR, 1, A)]), {});
    const late = e.apply(batchOf(REQUESTS, [bucket(T0, 50, A), bucket(T0 + 30 * MINUTE, 2, B)]), {});
    expect(late.dropped).toBe(1);
    expect(emitted(late.batch)).toEqual([['b.example', 31, 2]]); // an unknown series starts normally
    expect(emitted(e.apply(batchOf(REQUESTS, [bucket(T0 + 4 * HOUR, 1, A)]), {}).batch)).toEqual([
      ['a.example', 241, 3],
    ]);
  });

  it('forgets a series idle longer than the TTL; it restarts with a new start time', () => {
    const e = engine();
    e.apply(batchOf(REQUESTS, [bucket(T0, 7, A)]), {});
    e.apply(batchOf(REQUESTS, [bucket(T0 + 25 * HOUR, 1, B)]), {});
    const back = e.apply(batchOf(REQUESTS, [bucket(T0 + 26 * HOUR, 2, A)]), {});
    expect(back.batch.metrics[0]?.points[0]).toMatchObject({ startMs: T0 + 26 * HOUR, value: 2 });
  });

  it('keys series by attributes and the merged resource; passes other metrics through', () => {
    const e = engine();
    const gauge = {
      descriptor: { name: 'g', kind: 'gauge' as const },
      points: [{ attributes: {}, timeMs: T0, value: 1 }],
    };
    const b1: Batch = {
      resource: { region: 'eu' },
      metrics: [{ descriptor: REQUESTS, points: [bucket(T0, 1, A)] }, gauge],
    };
    const b2: Batch = {
      resource: { region: 'us' },
      metrics: [{ descriptor: REQUESTS, points: [bucket(T0 + MINUTE, 1, A)] }],
    };
    const out1 = e.apply(b1, { 'service.name': 'settle' });
    expect(out1.batch.resource).toEqual({ region: 'eu', 'service.name': 'settle' });
    expect(out1.batch.metrics[1]).toBe(gauge);
    expect(emitted(e.apply(b2, {}).batch)).toEqual([['a.example', 2, 1]]); // another resource: another series
  });
});
