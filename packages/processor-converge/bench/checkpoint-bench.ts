import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FileStorage, appendLog, silentLogger, type Batch, type Consumer, type Storage } from '@settle/core';
import { FakeClock, RecordingHost, createTestContext } from '@settle/core/testing';
import { convergeConfig, convergeProcessor } from '../src/index.js';
import { decodeSnapshot } from '../src/engine/snapshot-decode.js';
import { CHECKPOINT_KEY, PUSHED_LOG_KEY } from '../src/processor/checkpoint.js';
import { POLL_MS, PollSource, T0 } from './checkpoint-workload.js';

// What converge's write-ahead checkpoint costs (workload in checkpoint-workload.ts): the real processor, fed a
// poll every 30 s on a fake clock (its expiry and checkpoint timers fire in between), with `checkpoint: false`
// and `checkpoint: true` (a FileStorage in a temp dir, as with a data dir: fsynced files), side by side.
// Learning is on (the default target_exactness). A poll step = the clock's 30 s (3 expiry ticks, 1 periodic
// checkpoint) plus the poll's ingest, timed until the processor has done all of it. The first WARM polls fill
// the windows (15 minutes) and are not timed.
//   `pnpm bench`, or `node dist/bench/checkpoint-bench.js [series ...]` (default 10000 100000); env POLLS, WARM,
//   CHECKPOINT_INTERVAL.

const WARM = Number(process.env.WARM ?? 30);
const POLLS = Number(process.env.POLLS ?? 20);
/** The periodic full checkpoint's interval (the processor's default: 30s). */
const INTERVAL = process.env.CHECKPOINT_INTERVAL ?? '30s';

/** Counts what reaches the storage: writes, bytes and the time spent in them (write + fsync + rename). */
class MeasuredStorage implements Storage {
  writes = 0;
  bytes = 0;
  ms = 0;
  constructor(private readonly inner: Storage) {}
  get directory(): string | undefined {
    return this.inner.directory;
  }
  get(key: string): Promise<string | undefined> {
    return this.inner.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    const t = performance.now();
    await this.inner.set(key, value);
    this.ms += performance.now() - t;
    this.writes++;
    this.bytes += Buffer.byteLength(value);
  }
  getBytes(key: string): Promise<Buffer | undefined> {
    return this.inner.getBytes(key);
  }
  async setBytes(key: string, value: Uint8Array): Promise<void> {
    const t = performance.now();
    await this.inner.setBytes(key, value);
    this.ms += performance.now() - t;
    this.writes++;
    this.bytes += value.byteLength;
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
  keys(): Promise<string[]> {
    return this.inner.keys();
  }
}

class CountingSink implements Consumer {
  points = 0;
  consume(batch: Batch): Promise<void> {
    for (const m of batch.metrics) this.points += m.points.length;
    return Promise.resolve();
  }
}

interface Result {
  readonly msPerPoll: number[];
  readonly cpuMsPerPoll: number;
  readonly pushed: number;
  readonly storage: MeasuredStorage;
  readonly trackers: number;
  /** Records in the pushed log at the end (it is emptied past 64 MB) and their bytes. */
  readonly log: { records: number; bytes: number };
}

async function run(series: number, checkpoint: boolean): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'converge-ckpt-bench-'));
  try {
    const storage = new MeasuredStorage(new FileStorage(dir));
    const clock = new FakeClock(T0 + 60_000);
    const ctx = createTestContext({ id: 'converge', clock, storage, logger: silentLogger() });
    const sink = new CountingSink();
    const processor = await convergeProcessor.create(
      ctx,
      convergeConfig.parse({ checkpoint, checkpoint_interval: INTERVAL }),
      sink,
    );
    await processor.start(new RecordingHost());
    const source = new PollSource(series);
    const msPerPoll: number[] = [];
    let cpu = 0;
    let pushedBefore = 0;
    let storageBefore = { writes: 0, bytes: 0, ms: 0 };
    for (let p = 0; p < WARM + POLLS; p++) {
      if (p === WARM) {
        pushedBefore = sink.points;
        storageBefore = { writes: storage.writes, bytes: storage.bytes, ms: storage.ms };
      }
      const batch = source.poll(clock.now() + POLL_MS);
      const c = process.cpuUsage();
      const t = performance.now();
      await clock.advance(POLL_MS);
      // Steps run one at a time: once the poll is taken, every timer step before it is done as well.
      await processor.consume(batch);
      const dt = performance.now() - t;
      const dc = process.cpuUsage(c);
      if (p >= WARM) {
        msPerPoll.push(dt);
        cpu += (dc.user + dc.system) / 1000;
      }
    }
    const trackers = await trackersOf(storage, checkpoint);
    const pushed = sink.points - pushedBefore; // before shutdown, which flushes when not checkpointing
    const inLog = appendLog(storage, PUSHED_LOG_KEY);
    const log = { records: (await inLog.read()).records.length, bytes: inLog.bytes };
    await processor.shutdown();
    storage.writes -= storageBefore.writes;
    storage.bytes -= storageBefore.bytes;
    storage.ms -= storageBefore.ms;
    return { msPerPoll, cpuMsPerPoll: cpu / POLLS, pushed, storage, trackers, log };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Open trackers in the last checkpoint (0 without one). */
async function trackersOf(storage: Storage, checkpoint: boolean): Promise<number> {
  if (!checkpoint) return 0;
  const raw = await storage.getBytes(CHECKPOINT_KEY);
  if (raw === undefined) return 0;
  return decodeSnapshot(raw).windows.reduce((n, w) => n + w.size, 0);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number): string => `${n.toFixed(1)} ms`;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  console.log(
    `converge checkpoint cost: poll every 30 s over a 10 min lookback, TTL 15m, learning on, checkpoint_interval ${INTERVAL}; ${WARM} warm-up ` +
      `polls, ${POLLS} timed; node ${process.version}, ${cpus().length} cores, load average ${load()}`,
  );
  for (const series of sizes.length > 0 ? sizes : [10_000, 100_000]) {
    const off = await run(series, false);
    const on = await run(series, true);
    const s = on.storage;
    console.log(`${series} series (${on.trackers} open trackers in the checkpoint), load average ${load()}`);
    for (const [name, r] of [
      ['checkpoint off', off],
      ['checkpoint on ', on],
    ] as const) {
      console.log(
        `  ${name}  ${ms(mean(r.msPerPoll))} per poll (median ${ms(median(r.msPerPoll))}), ` +
          `CPU ${ms(r.cpuMsPerPoll)} per poll, ${r.pushed} points pushed`,
      );
    }
    console.log(
      `  checkpoints    ${(s.writes / POLLS).toFixed(2)} per poll, ${(s.bytes / Math.max(1, s.writes) / 1e6).toFixed(2)} MB ` +
        `each, ${ms(s.ms / Math.max(1, s.writes))} each in write + fsync + rename`,
    );
    if (on.log.records > 0) {
      console.log(
        `  pushed log     ${on.log.records} records in the log at the end, ` +
          `${(on.log.bytes / on.log.records / 1e6).toFixed(2)} MB each (one per emitting step, fsynced)`,
      );
    }
    const extra = mean(on.msPerPoll) - mean(off.msPerPoll);
    console.log(
      `  cost           ${ms(extra)} per poll, on/off ${(mean(on.msPerPoll) / mean(off.msPerPoll)).toFixed(2)}× ` +
        `(${((extra / mean(on.msPerPoll)) * 100).toFixed(0)} % of a poll step with checkpoints)`,
    );
  }
}

await main();
