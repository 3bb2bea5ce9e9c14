import { SettleError } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { fixturePoll, runAfter, v1Fixture } from '../../test/fixtures/snapshot-v1.js';
import { ConvergeEngine } from './engine.js';
import { decodeSnapshot } from './snapshot-decode.js';
import { encodeFrame, type Column } from './snapshot-frame.js';
import type { BinaryHeader } from './snapshot.js';

const fixture = v1Fixture();
/** The fixture's polls after the snapshot come every 30 s from 2 s before it was taken. */
const BASE = fixture.restoredAt - 2000;

function fromFixture(): ConvergeEngine {
  const e = new ConvergeEngine(fixture.options);
  e.restore(structuredClone(fixture.snapshot));
  return e;
}

function after(e: ConvergeEngine): string[][] {
  return runAfter(
    (b, now) => e.ingest(b, now),
    (now) => e.expire(now),
    BASE,
  );
}

/** Every tracker of a binary snapshot as [series key, bucket, latest, anchor, run, run start, pushed]. */
function trackers(bytes: Buffer): unknown[] {
  const s = decodeSnapshot(bytes);
  return s.windows.flatMap((w) =>
    Array.from({ length: w.size }, (_, i) => [
      s.series[w.series[i]!]!.key,
      `${w.startMs}/${w.timeMs}`,
      w.latest[i],
      w.anchor[i],
      w.run[i],
      w.runStartOffsetMs[i],
      w.isPushed[i] ? w.pushed[i] : null,
    ]),
  );
}

describe('checkpoints of the JSON format (settle.converge/1) written by the previous version', () => {
  it('restore and go on exactly as the engine that wrote them', () => {
    expect(fixture.next.flat().length).toBeGreaterThan(100);
    expect(after(fromFixture())).toEqual(fixture.next);
  });

  it('restore into a binary checkpoint that goes on the same', () => {
    const bytes = fromFixture().snapshot();
    const e = new ConvergeEngine(fixture.options);
    e.restore(bytes);
    expect(after(e)).toEqual(fixture.next);
  });
});

describe('binary checkpoints (settle.converge/2)', () => {
  it('keep every tracker, the learned state and what is attached, byte for byte', () => {
    const a = fromFixture();
    a.ingest(fixturePoll(BASE + 30_000), BASE + 30_000);
    const bytes = a.snapshot({ outbox: [], handoffSeq: 7 });
    const b = new ConvergeEngine(fixture.options);
    expect(b.restore(bytes)).toEqual({ outbox: [], handoffSeq: 7 });
    expect(trackers(b.snapshot())).toEqual(trackers(bytes));
    expect(trackers(bytes).length).toBe(a.stats().trackedSeries);
    expect(b.measurements()).toEqual(a.measurements());
    expect(b.snapshot({ outbox: [], handoffSeq: 7 }).equals(bytes)).toBe(true);
  });

  it('a truncated or padded checkpoint is refused, saying so', () => {
    const bytes = fromFixture().snapshot();
    for (const length of [0, 5, 18, 30, 100, bytes.length >> 1, bytes.length - 1]) {
      expect(() => new ConvergeEngine().restore(bytes.subarray(0, length)), `cut at ${length}`).toThrow(
        /converge checkpoint is not usable: (not a settle.converge\/2 checkpoint|\d+ bytes, expected \d+)/,
      );
    }
    expect(() => new ConvergeEngine().restore(Buffer.concat([bytes, Buffer.alloc(8)]))).toThrow(/bytes, expected/);
  });

  it('a flipped bit anywhere is caught (checksum, lengths or magic), never restored', () => {
    const bytes = fromFixture().snapshot();
    const step = Math.max(1, Math.floor(bytes.length / 200));
    for (let at = 0; at < bytes.length; at += at < 40 ? 1 : step) {
      const damaged = Buffer.from(bytes);
      damaged[at]! ^= 1 << (at % 8);
      let error: unknown;
      try {
        new ConvergeEngine().restore(damaged);
      } catch (err) {
        error = err;
      }
      expect(error, `bit flipped at byte ${at}`).toBeInstanceOf(SettleError);
      expect((error as SettleError).code).toBe('converge_snapshot_invalid');
    }
  });
});

describe('a well-formed binary checkpoint that does not make sense is refused, saying what', () => {
  const table = (series: unknown[]): Buffer =>
    Buffer.from(JSON.stringify({ descriptors: [{ name: 'm' }], resources: [{}], series }));
  const window = { startMs: null, timeMs: 60_000, live: true, backfillMs: null, size: 2, anchor: false };
  function frame(
    edit: (h: BinaryHeader) => object,
    series: unknown[] = ['a', [0, 0, { x: '1' }]],
    sid = [0, 1],
    flags = [0, 1],
    extra: Column[] = [],
  ): Buffer {
    const t = table(series);
    const header: BinaryHeader = {
      format: 'settle.converge/2',
      expiredThroughMs: null,
      observedThroughMs: 5,
      closed: [],
      seriesBytes: t.length,
      seriesCapacity: series.length,
      windows: [window],
      learning: { rng: 1, sources: [] },
    };
    const n = sid.length;
    return encodeFrame(edit(header), [
      t,
      new Uint8Array(series.length),
      Int32Array.from(sid),
      new Float64Array(n).fill(3),
      new Int32Array(n),
      new Float64Array(n).fill(3),
      new Uint16Array(n).fill(1),
      Uint8Array.from(flags),
      ...extra,
    ]);
  }
  const restore = (bytes: Buffer): unknown => new ConvergeEngine().restore(bytes);

  it('(control) the hand-made checkpoint restores', () => {
    const e = new ConvergeEngine();
    e.restore(frame((h) => h));
    expect(e.stats()).toMatchObject({ openWindows: 1, trackedSeries: 2, internedSeries: 2 });
    expect(e.flush().map((x) => [x.key, x.value])).toEqual([['a', 3]]); // the other was pushed with 3
  });

  it.each([
    ['a series id out of range', () => frame((h) => h, undefined, [0, 5]), /refers to series id 5, which is not saved/],
    ['a free series id', () => frame((h) => h, ['a', null], [0, 1]), /refers to series id 1, which is not saved/],
    ['a series id twice', () => frame((h) => h, undefined, [1, 1]), /holds series id 1 twice/],
    ['unknown flags', () => frame((h) => h, undefined, undefined, [0, 64]), /unknown flags 64/],
    ['a missing column', () => frame((h) => ({ ...h, windows: [{ ...window, anchor: true }] })), /anchor runs past/],
    [
      'a column too many',
      () => frame((h) => h, undefined, undefined, undefined, [new Uint8Array(3)]),
      /after the last/,
    ],
    ['another format', () => frame((h) => ({ ...h, format: 'x' })), /header format is not/],
    [
      'a size that is no count',
      () => frame((h) => ({ ...h, windows: [{ ...window, size: -1 }] })),
      /size is not a count/,
    ],
    ['a window with no time', () => frame((h) => ({ ...h, windows: [{ ...window, timeMs: 'x' }] })), /has no timeMs/],
    ['a table of another size', () => frame((h) => ({ ...h, seriesCapacity: 1 })), /the series table has 2 ids/],
    ['a bad series entry', () => frame((h) => h, ['a', [3, 0, {}]]), /series id 1 refers to a missing descriptor/],
    ['closed buckets that are not a list', () => frame((h) => ({ ...h, closed: 3 })), /closed is not a list/],
    [
      'learning without sources',
      () => frame((h) => ({ ...h, learning: { rng: 1 } })),
      /learning has no rng or sources/,
    ],
  ])('%s', (_, make, message) => {
    expect(() => restore(make())).toThrow(SettleError);
    expect(() => restore(make())).toThrow(message);
  });
});
