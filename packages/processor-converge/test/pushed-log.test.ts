import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStorage, MemoryStorage, appendLog, handoffOf, type Batch, type Storage } from '@settle/core';
import { FakeClock, SinkConsumer, type SinkPoint } from '@settle/core/testing';
import { PUSHED_LOG_KEY } from '../src/processor/checkpoint.js';
import { T0 } from './helpers.js';
import { settlingPoll, startConverge, type Harness } from './processor-harness.js';

// The write-ahead pushed log: between two full checkpoints, what converge forwards is logged (fsynced) before
// it goes on, and replayed onto the restored engine on start. A kill at any step, not only right after a
// checkpoint, neither loses a value nor pushes one twice.

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function fileStorage(): FileStorage {
  const dir = mkdtempSync(join(tmpdir(), 'settle-pushed-log-'));
  dirs.push(dir);
  return new FileStorage(dir);
}

const START = T0;
const POLLS = 24;
const pollAt = (p: number): number => START + 30_000 * p + 15_000;
// Checkpoints every 2 minutes: most kills land between two of them, where only the log knows what went out.
const config = {
  threshold: 2,
  stable_for: '0s',
  ttl: '3m',
  expire_interval: '10s',
  checkpoint_interval: '2m',
  checkpoint: true,
  flush_on_shutdown: true,
};
const id = (p: SinkPoint): string => `${JSON.stringify(p.attributes)}@${p.timeMs}`;
const line = (p: SinkPoint): string => `${id(p)}=${p.value}`;

async function drive(h: Harness, from: number, to: number): Promise<void> {
  for (let p = from; p < to; p++) {
    await h.clock.set(pollAt(p));
    await h.processor.consume(settlingPoll(p, pollAt(p), START));
  }
}

/** Takes a stamped batch once, as the persistent queue does (core's handoff.ts): by its source's highest seq. */
class QueueLikeSink extends SinkConsumer {
  private highest = 0;
  override consume(batch: Batch): Promise<void> {
    const seq = handoffOf(batch)?.seq;
    if (seq !== undefined && seq <= this.highest) return Promise.resolve();
    if (seq !== undefined) this.highest = seq;
    return super.consume(batch);
  }
}

/** The last value pushed per series and bucket. */
function finals(points: readonly SinkPoint[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of points) out.set(id(p), p.value);
  return out;
}

async function uninterrupted(): Promise<SinkPoint[]> {
  const c = await startConverge(config, { storage: new MemoryStorage(), clock: new FakeClock(START) });
  await drive(c, 0, POLLS);
  await c.clock.set(pollAt(POLLS));
  await c.processor.shutdown();
  return c.sink.points();
}

/** Killed (no shutdown) after poll `killAfter - 1`; restarted on `restartFrom(storage)` 5 s later. */
async function killed(
  storage: Storage,
  killAfter: number,
  restartFrom: (s: Storage) => Storage | Promise<Storage> = (s) => s,
): Promise<SinkPoint[]> {
  const sink = new QueueLikeSink();
  const a = await startConverge(config, { storage, sink, clock: new FakeClock(START) });
  await drive(a, 0, killAfter);
  const b = await startConverge(config, {
    storage: await restartFrom(storage),
    sink,
    clock: new FakeClock(pollAt(killAfter - 1) + 5_000),
  });
  await b.clock.advance(0);
  await drive(b, killAfter, POLLS);
  await b.clock.set(pollAt(POLLS));
  await b.processor.shutdown();
  return sink.points();
}

function repushed(points: readonly SinkPoint[]): string[] {
  const seen = new Set<string>();
  return points.map(line).filter((l) => (seen.has(l) ? true : (seen.add(l), false)));
}

describe('converge pushed log', () => {
  it('a kill after any poll: nothing pushed twice, nothing lost', async () => {
    const expected = finals(await uninterrupted());
    for (let k = 3; k < POLLS - 2; k++) {
      const points = await killed(new MemoryStorage(), k);
      expect(repushed(points), `kill after poll ${k}`).toEqual([]);
      // Nothing lost. (A value still changing when the kill came may end at what the last full checkpoint
      // saw, when its window closes before a poll reads it again: the periodic checkpoint bounds how stale.)
      expect([...finals(points).keys()].sort(), `kill after poll ${k}`).toEqual([...expected.keys()].sort());
    }
  });

  it('(control) the same kills without the log push values again', async () => {
    const withoutLog = async (s: Storage): Promise<Storage> => {
      await appendLog(s, PUSHED_LOG_KEY).truncate();
      return s;
    };
    let again = 0;
    for (let k = 3; k < POLLS - 2; k++) again += repushed(await killed(new MemoryStorage(), k, withoutLog)).length;
    expect(again).toBeGreaterThan(0);
  });

  it('on disk: re-offers what went out after the checkpoint with its handoff identity, then starts a new log', async () => {
    const storage = fileStorage();
    const rare = { ...config, checkpoint_interval: '10m' }; // no full checkpoint before the kill: only the log
    const a = await startConverge(rare, { storage, clock: new FakeClock(START) });
    await drive(a, 0, 9);
    const before = a.sink.batches.map((b) => handoffOf(b)?.seq);
    expect(before.length).toBeGreaterThan(2);
    const log = appendLog(storage, PUSHED_LOG_KEY);
    expect((await log.read()).records.length).toBeGreaterThan(0);
    const b = await startConverge(rare, { storage, clock: new FakeClock(pollAt(8) + 5_000) });
    // Steps run in order: once an empty batch is through, the restore (real file reads) and the re-offer are.
    await b.processor.consume({ resource: {}, metrics: [] });
    // Re-offered in order, with their identities: the persistent queue drops the ones it already took.
    const reoffered = b.sink.batches.map((x) => handoffOf(x)?.seq);
    expect(reoffered).toEqual(before);
    // A full checkpoint covers them now: the log is empty, and what follows continues the seq.
    expect((await appendLog(storage, PUSHED_LOG_KEY).read()).records).toEqual([]);
    await drive(b, 9, 14);
    const after = b.sink.batches.map((x) => handoffOf(x)?.seq ?? 0).slice(reoffered.length);
    expect(after.length).toBeGreaterThan(0);
    expect(Math.min(...after)).toBe(Math.max(...(before as number[])) + 1);
    await b.processor.shutdown(); // `a` was killed: never shut down
  });
});
