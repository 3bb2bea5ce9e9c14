import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ConvergeEngine, type ObservationColumns } from '../src/index.js';
import {
  FIRST_POLL_MS,
  OBSERVATIONS,
  P,
  S,
  B,
  STEP_MS,
  buildBatch,
  buildColumns,
  buildKeys,
  rewriteBatch,
  rewriteColumns,
} from './workload.js';

// The converge benchmark of issue 3 (workload in workload.ts). Times only ingest + expire and prints
// observations/s (median of 3 runs), points emitted, and heap bytes per open tracker after the first poll.
// Run with `pnpm bench` (node --expose-gc). Three ways in:
//   ids      keys built once up front and interned once (engine.intern); the buffer holds series ids
//   keys     keys built once up front; the buffer holds the key strings, looked up per observation
//   objects  points whose attributes are objects: the canonical key is built per observation (ingest(batch))

const RUNS = 3;
const TTL_MS = 15 * 60_000;
const gc = (globalThis as { gc?: () => void }).gc;

/** JS heap plus ArrayBuffer backing stores (typed arrays live outside the JS heap but count all the same). */
function heap(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

type Poll = (now: number) => { readonly length: number };

interface Variant {
  readonly name: string;
  /** Builds the per-engine input (interning, if any) outside the timed section; returns the poll function. */
  readonly prepare: (engine: ConvergeEngine) => Poll;
  readonly rewrite: (p: number) => void;
}

interface RunResult {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly fromIngest: number;
  readonly fromExpire: number;
  readonly late: number;
  readonly revisions: number;
}

function run(v: Variant): RunResult {
  const engine = new ConvergeEngine({ threshold: 3, ttlMs: TTL_MS });
  const poll = v.prepare(engine);
  let seconds = 0;
  let cpuSeconds = 0;
  let fromIngest = 0;
  let fromExpire = 0;
  for (let p = 0; p < P; p++) {
    v.rewrite(p);
    const now = FIRST_POLL_MS + p * STEP_MS;
    const c = process.cpuUsage();
    const t = performance.now();
    fromIngest += poll(now).length;
    fromExpire += engine.expire(now).length;
    seconds += (performance.now() - t) / 1000;
    const dc = process.cpuUsage(c);
    cpuSeconds += (dc.user + dc.system) / 1e6;
  }
  const stats = engine.stats();
  return { seconds, cpuSeconds, fromIngest, fromExpire, late: stats.latePoints, revisions: stats.revisions };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`;

function bench(v: Variant): number {
  const results = Array.from({ length: RUNS }, () => run(v));
  const wall = results.map((r) => (OBSERVATIONS * P) / r.seconds);
  const cpu = results.map((r) => (OBSERVATIONS * P) / r.cpuSeconds);
  const r = results[0]!;
  console.log(`${v.name}`);
  console.log(`  observations/s  ${rate(median(wall))} median wall clock (runs ${wall.map(rate).join(', ')})`);
  console.log(`                  ${rate(median(cpu))} median per process CPU-second (incl. GC threads)`);
  console.log(`  emitted         ${r.fromIngest} from ingest (expect 1000011), ${r.fromExpire} from expire`);
  console.log(`  revisions ${r.revisions}; late ${r.late} (observations of buckets whose 15 m TTL passed)`);
  return median(wall);
}

/** Heap growth per open tracker after the first poll: engine state plus the keys it holds. */
function memory(v: Variant, keysBytes: number): void {
  const before = heap();
  const engine = new ConvergeEngine({ threshold: 3, ttlMs: TTL_MS });
  const poll = v.prepare(engine);
  v.rewrite(0);
  poll(FIRST_POLL_MS);
  const after = heap();
  const trackers = engine.stats().trackedSeries;
  const perTracker = (after - before + keysBytes) / trackers;
  console.log(`  memory          ${perTracker.toFixed(1)} B per open tracker, keys included (${trackers} trackers)`);
}

/** `node engine-bench.js keys objects` runs only the variants named (by the first word of their name). */
const selected = process.argv.slice(2);
const only = (v: Variant): boolean => selected.length === 0 || selected.some((s) => v.name.startsWith(`${s}:`));

function main(): void {
  console.log(`converge engine benchmark: S=${S} series × B=${B} buckets, P=${P} polls, threshold 3, TTL 15m`);
  console.log(
    `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (other work on the machine skews wall-clock figures)`,
  );
  if (gc === undefined) console.log('(run with node --expose-gc for exact heap figures)');

  const h0 = heap();
  const keys = buildKeys();
  const keysBytes = heap() - h0;
  const cols = buildColumns(keys);
  const ids = new Int32Array(OBSERVATIONS);
  const idColumns: ObservationColumns = { ...cols, series: ids };

  const byId: Variant = {
    name: 'ids: keys built and interned once up front (engine.intern + ingestColumns)',
    prepare: (engine) => {
      const sid = keys.map((k) => engine.intern(k));
      for (let i = 0; i < OBSERVATIONS; i++) ids[i] = sid[cols.sIndex[i]!]!;
      return (now) => engine.ingestColumns(idColumns, now);
    },
    rewrite: (p) => rewriteColumns(cols, p),
  };
  const byKey: Variant = {
    name: 'keys: key strings built once up front, looked up per observation (ingestColumns)',
    prepare: (engine) => (now) => engine.ingestColumns(cols, now),
    rewrite: (p) => rewriteColumns(cols, p),
  };
  const idRate = only(byId) ? bench(byId) : Number.NaN;
  if (only(byId)) memory(byId, keysBytes);
  const keyRate = only(byKey) ? bench(byKey) : Number.NaN;
  if (only(byKey)) memory(byKey, keysBytes);

  const batch = buildBatch();
  const byObject: Variant = {
    name: 'objects: keys built from attribute objects each poll (ingest(batch))',
    prepare: (engine) => (now) => engine.ingest(batch.batch, now),
    rewrite: (p) => rewriteBatch(batch, p),
  };
  const objectRate = only(byObject) ? bench(byObject) : Number.NaN;
  if (only(byObject)) memory(byObject, 0);
  console.log(
    `ratios: ids/keys ${(idRate / keyRate).toFixed(2)}×, keys/objects ${(keyRate / objectRate).toFixed(2)}×; ` +
      `ids vs 9 M/s target ${(idRate / 9e6).toFixed(2)}×, vs the other implementation's 8.6 M/s ${(idRate / 8.6e6).toFixed(2)}×`,
  );
}

main();
