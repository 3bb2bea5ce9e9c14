import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStorage, MemoryStorage, getJson, permanentError, retryableError, type Storage } from '@settle/core';
import { FakeClock, runConformance, type SinkPoint } from '@settle/core/testing';
import defaultExport, {
  CHECKPOINT_KEY,
  convergeConfig,
  convergeProcessor,
  type ConvergeSnapshot,
} from '../src/index.js';
import { engineOptions } from '../src/processor/config.js';
import { MINUTE, T0, minute, one, poll } from './helpers.js';
import { counterValue, settlingPoll, startConverge } from './processor-harness.js';

runConformance(convergeProcessor);

const dirs: string[] = [];
function tempStorage(): FileStorage {
  const dir = mkdtempSync(join(tmpdir(), 'settle-converge-'));
  dirs.push(dir);
  return new FileStorage(dir);
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const AFTER = minute(0).timeMs;
const line = (p: SinkPoint): string =>
  `${p.name}${JSON.stringify(p.attributes)}${JSON.stringify(p.resource)}@${p.startMs}/${p.timeMs}=${p.value}`;

describe('converge processor: package and config', () => {
  it('default-exports the list of its definitions', () => {
    expect(defaultExport).toEqual([convergeProcessor]);
    expect(convergeProcessor).toMatchObject({ kind: 'processor', type: 'converge' });
  });

  it('has the documented defaults, durations in milliseconds', () => {
    expect(convergeConfig.parse({})).toEqual({
      target_exactness: 0.999,
      ttl: 900_000,
      expire_interval: 10_000,
      backfill_threshold: 1,
      tolerance: 0,
      late: 'drop',
      max_series: 1_000_000,
      min_age: 0,
      checkpoint_interval: 30_000,
      restart_grace: 60_000,
    });
    expect(convergeConfig.parse({ ttl: '1h30m', stable_for: '60s' })).toMatchObject({
      ttl: 5_400_000,
      stable_for: 60_000,
    });
  });

  it('reads target_exactness as a percentage, a share or off; the fixed rule keeps its defaults only when off', () => {
    const parse = (v: unknown): unknown => convergeConfig.parse({ target_exactness: v }).target_exactness;
    expect([parse('99.9%'), parse(' 99 % '), parse(0.999), parse('off'), parse(false)]).toEqual([
      0.999,
      0.99,
      0.999,
      false,
      false,
    ]);
    for (const bad of ['100%', '0%', 1, 0, 'high', '99.9']) {
      expect(convergeConfig.safeParse({ target_exactness: bad }).error?.issues[0]?.message).toMatch(
        /^invalid target_exactness .*: use a share between 0 and 1/,
      );
    }
    expect(engineOptions(convergeConfig.parse({}))).toMatchObject({ targetExactness: 0.999, threshold: undefined });
    expect(engineOptions(convergeConfig.parse({ target_exactness: 'off' }))).toMatchObject({
      targetExactness: undefined,
      threshold: 2,
      stableForMs: 120_000,
    });
    expect(engineOptions(convergeConfig.parse({ threshold: 3, stable_for: '1m' }))).toMatchObject({
      targetExactness: 0.999,
      threshold: 3,
      stableForMs: 60_000,
    });
  });

  it('rejects bad values with messages that say what and where', () => {
    const issues = (input: unknown): string[] =>
      convergeConfig.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ ttl: '15 minutes' })).toEqual([
      'ttl: invalid duration "15 minutes": use e.g. "500ms", "30s", "15m", "1h30m"',
    ]);
    expect(issues({ ttl: 900 })[0]).toMatch(/^ttl: /);
    expect(issues({ late: 'keep' })[0]).toMatch(/^late: .*"drop"/);
    expect(issues({ tolerance: 2 })[0]).toMatch(/^tolerance: /);
    expect(issues({ treshold: 3 })[0]).toMatch(/treshold/);
  });
});

describe('converge processor: shell', () => {
  it('forwards stable points with their bucket timestamps, grouped by resource and metric', async () => {
    const { processor, sink, clock } = await startConverge({ threshold: 2 });
    await clock.set(AFTER + 5 * MINUTE);
    await processor.consume(poll({ a: { 0: 1, 1: 2 }, b: { 0: 3 } }));
    await processor.consume(poll({ a: { 0: 1, 1: 2 }, b: { 0: 3 } }));
    expect(sink.batches).toHaveLength(1);
    expect(sink.batches[0]?.metrics).toHaveLength(1);
    expect(sink.points().map((p) => [p.attributes.zone, p.startMs, p.timeMs, p.value])).toEqual([
      ['a', minute(0).startMs, minute(0).timeMs, 1],
      ['a', minute(1).startMs, minute(1).timeMs, 2],
      ['b', minute(0).startMs, minute(0).timeMs, 3],
    ]);
    await processor.shutdown();
  });

  it('runs expiry on its timer even when no data arrives', async () => {
    const { processor, sink, clock } = await startConverge({ ttl: '2m', expire_interval: '10s' });
    await clock.set(AFTER);
    await processor.consume(one(7));
    await clock.advance(2 * MINUTE - 1);
    expect(sink.points()).toEqual([]);
    await clock.advance(10_000);
    expect(sink.points().map((p) => p.value)).toEqual([7]);
    await processor.shutdown();
  });

  it('flushes on shutdown when not checkpointing', async () => {
    const { processor, sink, clock } = await startConverge({});
    await clock.set(AFTER);
    await processor.consume(one(7));
    await processor.shutdown();
    expect(sink.points().map((p) => p.value)).toEqual([7]);
    await expect(processor.consume(one(8))).rejects.toThrow(/not running/);
  });

  it('marks backfill emissions with origin backfill', async () => {
    const { processor, sink, clock } = await startConverge({});
    await clock.set(AFTER + 60 * MINUTE);
    await processor.consume(one(9, 'backfill'));
    expect(sink.batches.map((b) => b.meta?.origin)).toEqual(['backfill']);
    await processor.shutdown();
  });

  it('marks its output as partial buckets (series of a bucket leave as each settles), for aggregate to refuse', async () => {
    const { processor, sink, clock } = await startConverge({});
    await clock.set(AFTER + 60 * MINUTE);
    await processor.consume(one(9, 'backfill'));
    await processor.consume(one(9, 'live'));
    await processor.shutdown();
    expect(sink.batches.length).toBeGreaterThan(0);
    expect(sink.batches.every((b) => b.meta?.partialBuckets === true)).toBe(true);
  });

  it('keeps points downstream refused with a retryable error and delivers them later', async () => {
    const { processor, sink, clock } = await startConverge({ threshold: 1, expire_interval: '10s' });
    await clock.set(AFTER);
    sink.failWith = retryableError('down', 'exporter unavailable');
    // The refusal goes back upstream (the Collector's model) while the emitted point is retained.
    await expect(processor.consume(one(7))).rejects.toThrow('exporter unavailable');
    expect(sink.points()).toEqual([]);
    sink.failWith = undefined;
    await clock.advance(10_000);
    expect(sink.points().map((p) => p.value)).toEqual([7]);
    await processor.shutdown();
  });

  it('drops and counts points refused permanently', async () => {
    const { processor, sink, clock, metrics } = await startConverge({ threshold: 1 });
    await clock.set(AFTER);
    sink.failWith = permanentError('bad', 'rejected');
    await expect(processor.consume(one(7))).rejects.toThrow('rejected');
    sink.failWith = undefined;
    await clock.advance(30_000);
    expect(sink.points()).toEqual([]);
    expect(counterValue(await metrics(), 'settle_processor_dropped_points', { reason: 'refused' })).toBe(1);
    await processor.shutdown();
  });

  it('reports telemetry: windows, series, emitted by reason, late, revisions, emit delay', async () => {
    const { processor, clock, metrics } = await startConverge({ threshold: 2, ttl: '2m' });
    await clock.set(AFTER + 30_000);
    await processor.consume(poll({ a: { 0: 1 }, b: { 0: 5 } }));
    let m = await metrics();
    expect(counterValue(m, 'settle_converge_open_windows')).toBe(1);
    expect(counterValue(m, 'settle_converge_tracked_series')).toBe(2);
    await processor.consume(poll({ a: { 0: 1 }, b: { 0: 6 } }));
    await processor.consume(poll({ a: { 0: 2 }, b: { 0: 6 } }));
    await processor.consume(poll({ a: { 0: 2 }, b: { 0: 6 } }));
    await clock.advance(2 * MINUTE);
    await processor.consume(poll({ a: { 0: 3 } }));
    m = await metrics();
    expect(counterValue(m, 'settle_converge_emitted_points', { reason: 'stable' })).toBe(2);
    expect(counterValue(m, 'settle_converge_emitted_points', { reason: 'revision' })).toBe(1);
    expect(counterValue(m, 'settle_converge_revisions')).toBe(1);
    expect(counterValue(m, 'settle_converge_late_points')).toBe(1);
    expect(counterValue(m, 'settle_converge_open_windows')).toBe(0);
    const delay = m.find((x) => x.descriptor.name === 'settle_converge_emit_delay');
    expect(delay?.descriptor.unit).toBe('s');
    const points = delay?.dataPoints.map((dp) => (dp.value as { count: number; min?: number }).count);
    expect(points?.reduce((a, b) => a + b, 0)).toBe(3);
    await processor.shutdown();
  });
});

describe('converge processor: checkpoints', () => {
  it('saves on shutdown instead of flushing, and resumes the open windows on start', async () => {
    const storage = tempStorage();
    const first = await startConverge({ checkpoint: true }, { storage, clock: new FakeClock(AFTER) });
    await first.processor.consume(one(7));
    await first.processor.shutdown();
    expect(first.sink.points()).toEqual([]);
    expect(await storage.keys()).toEqual([CHECKPOINT_KEY]);
    const second = await startConverge({ checkpoint: true }, { storage, clock: new FakeClock(AFTER + 30_000) });
    await second.processor.consume(one(7));
    await second.processor.consume(one(7));
    expect(second.sink.points().map((p) => p.value)).toEqual([7]);
    await second.processor.shutdown();
  });

  it('saves output downstream refused with the checkpoint and delivers it after a restart', async () => {
    const storage = new MemoryStorage();
    const first = await startConverge({ checkpoint: true, threshold: 1 }, { storage, clock: new FakeClock(AFTER) });
    first.sink.failWith = retryableError('down', 'exporter unavailable');
    await expect(first.processor.consume(one(7))).rejects.toThrow('exporter unavailable');
    await first.processor.shutdown();
    expect(first.sink.points()).toEqual([]);
    const second = await startConverge({ checkpoint: true, threshold: 1 }, { storage, clock: new FakeClock(AFTER) });
    await second.clock.advance(0);
    expect(second.sink.points().map((p) => p.value)).toEqual([7]);
    await second.processor.shutdown();
  });

  it('after a stop longer than the TTL, waits for a re-read instead of pushing values last seen before it', async () => {
    const storage = new MemoryStorage();
    const first = await startConverge({ checkpoint: true }, { storage, clock: new FakeClock(AFTER) });
    await first.processor.consume(poll({ z: { 0: 7 }, y: { 0: 3 } }));
    await first.processor.shutdown();
    // Down for 20 minutes: bucket 0's TTL (15 min) passed meanwhile. A replica may have pushed its final value.
    const restart = AFTER + 20 * MINUTE;
    const second = await startConverge({ checkpoint: true }, { storage, clock: new FakeClock(restart) });
    await second.clock.advance(0);
    expect(second.sink.points()).toEqual([]);
    // The receiver's restart gap-fill re-reads the bucket: the value read is pushed at once.
    await second.processor.consume(poll({ z: { 0: 9 } }, 'backfill'));
    expect(second.sink.points().map((p) => `${String(p.attributes.zone)}=${p.value}`)).toEqual(['z=9']);
    // What nobody re-read goes out TTL after the restart with its last value: nothing is lost.
    await second.clock.advance(16 * MINUTE);
    expect(second.sink.points().map((p) => `${String(p.attributes.zone)}=${p.value}`)).toEqual(['z=9', 'y=3']);
    await second.processor.shutdown();
  });

  it('starts empty, with an error logged, from an unusable checkpoint', async () => {
    const storage = new MemoryStorage();
    await storage.set(CHECKPOINT_KEY, '{"engine":{"format":"something else"}}');
    const { processor, sink, clock } = await startConverge({ checkpoint: true, threshold: 1 }, { storage });
    await clock.set(AFTER);
    await processor.consume(one(7));
    expect(sink.points().map((p) => p.value)).toEqual([7]);
    await processor.shutdown();
  });

  // Kill after N polls (right after a checkpoint), restart from the checkpoint, and compare everything emitted
  // with an uninterrupted run. Polls come at 30 s + 15 s offsets; expiry ticks every 10 s, checkpoints every 25 s.
  const START = T0;
  const POLLS = 20;
  const KILL_AFTER = 9; // polls 0..8 before the kill; the checkpoint at +275 s follows poll 8 (at +255 s)
  const pollAt = (p: number): number => START + 30_000 * p + 15_000;
  const config = {
    threshold: 3,
    stable_for: '0s',
    ttl: '2m',
    expire_interval: '10s',
    checkpoint_interval: '25s',
    checkpoint: true,
    flush_on_shutdown: true,
  };

  async function drive(
    h: { processor: { consume: (b: ReturnType<typeof settlingPoll>) => Promise<void> }; clock: FakeClock },
    from: number,
    to: number,
  ): Promise<void> {
    for (let p = from; p < to; p++) {
      await h.clock.set(pollAt(p));
      await h.processor.consume(settlingPoll(p, pollAt(p), START));
    }
  }

  async function uninterrupted(): Promise<string[]> {
    const c = await startConverge(config, { storage: new MemoryStorage(), clock: new FakeClock(START) });
    await drive(c, 0, POLLS);
    await c.clock.set(pollAt(POLLS));
    await c.processor.shutdown();
    return c.sink.points().map(line);
  }

  async function interrupted(restartFrom: (s: Storage) => Storage): Promise<string[]> {
    // Memory storage: its promises settle at once, so checkpoints happen exactly on the fake clock's grid
    // (file I/O takes real time, which the fake clock does not wait for).
    const storage = new MemoryStorage();
    const a = await startConverge(config, { storage, clock: new FakeClock(START) });
    await drive(a, 0, KILL_AFTER);
    await a.clock.set(START + 276_000); // checkpoint at +275 s has run; process killed: no shutdown, no flush
    const saved = await getJson<{ engine: ConvergeSnapshot }>(storage, CHECKPOINT_KEY);
    const pushed = saved?.engine.windows.flatMap((w) => w.pushed) ?? [];
    expect(pushed.filter((v) => v === null).length, 'unpushed trackers at the kill').toBeGreaterThan(0);
    expect(pushed.filter((v) => v !== null).length, 'pushed trackers at the kill').toBeGreaterThan(0);
    const b = await startConverge(config, { storage: restartFrom(storage), clock: new FakeClock(START + 280_000) });
    await drive(b, KILL_AFTER, POLLS);
    await b.clock.set(pollAt(POLLS));
    await b.processor.shutdown();
    return [...a.sink.points(), ...b.sink.points()].map(line);
  }

  it('a restart from the checkpoint emits exactly what an uninterrupted run emits', async () => {
    const expected = await uninterrupted();
    expect(expected.length).toBeGreaterThan(50);
    expect((await interrupted((s) => s)).sort()).toEqual([...expected].sort());
  });

  it('(control) a restart without the checkpoint does not', async () => {
    const expected = await uninterrupted();
    expect((await interrupted(() => new MemoryStorage())).sort()).not.toEqual([...expected].sort());
  });
});
