import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ConvergeEngine } from '../src/index.js';
import {
  B,
  FIRST_POLL_MS,
  OBSERVATIONS,
  P,
  S,
  STEP_MS,
  buildBatch,
  buildColumns,
  buildKeys,
  rewriteBatch,
  rewriteColumns,
  type BatchBuffer,
  type ColumnBuffer,
} from './workload.js';

// Benchmark of issue 3 (see workload.ts). Times only ingest + expire; prints observations/s (median of 3),
// points emitted, and heap bytes per open tracker. Run: pnpm bench (node --expose-gc).

const RUNS = 3;
const gc = (globalThis as { gc?: () => void }).gc;

/** JS heap plus ArrayBuffer backing stores (typed arrays live outside the heap but are ours all the same). */
function heap(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

interface RunResult {
  readonly seconds: number;
  /** Process CPU time (user + system) over the timed sections: less sensitive to other load on the machine. */
  readonly cpuSeconds: number;
  readonly fromIngest: number;
  readonly fromExpire: number;
  readonly late: number;
  readonly revisions: number;
}

/** Anything with a length: Emission[] from ingest(), the emission buffer from ingestColumns(). */
type Ingest = (engine: ConvergeEngine, p: number, now: number) => { readonly length: number };

function run(rewrite: (p: number) => void, ingest: Ingest): RunResult {
  const engine = new ConvergeEngine({ threshold: 3, ttlMs: 15 * 60_000 });
  let seconds = 0;
  let cpuSeconds = 0;
  let fromIngest = 0;
  let fromExpire = 0;
  for (let p = 0; p < P; p++) {
    rewrite(p);
    const now = FIRST_POLL_MS + p * STEP_MS;
    const c = process.cpuUsage();
    const t = performance.now();
    fromIngest += ingest(engine, p, now).length;
    fromExpire += engine.expire(now).length;
    seconds += (performance.now() - t) / 1000;
    const dc = process.cpuUsage(c);
    cpuSeconds += (dc.user + dc.system) / 1e6;
  }
  const stats = engine.stats();
  return { seconds, cpuSeconds, fromIngest, fromExpire, late: stats.latePoints, revisions: stats.revisions };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function report(label: string, results: RunResult[]): number {
  const rates = results.map((r) => (OBSERVATIONS * P) / r.seconds);
  const cpuRates = results.map((r) => (OBSERVATIONS * P) / r.cpuSeconds);
  const r = results[0]!;
  const fmt = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`;
  console.log(`${label}`);
  console.log(`  observations/s  median ${fmt(median(rates))} wall  (runs: ${rates.map(fmt).join(', ')})`);
  console.log(`                  median ${fmt(median(cpuRates))} per CPU-second (process CPU time, incl. GC threads)`);
  console.log(`  emitted         ${r.fromIngest} from ingest (expect 1000011), ${r.fromExpire} from expire`);
  console.log(`  revisions ${r.revisions}, late points ${r.late} (buckets closed by TTL during the run)`);
  return median(rates);
}

/** Heap per open tracker after the first poll: engine + keys, and everything including the input buffer. */
function memory(label: string, build: () => { input: unknown; keysBytes: number }, first: Ingest): void {
  const h0 = heap();
  const { input, keysBytes } = build();
  const h1 = heap();
  const engine = new ConvergeEngine({ threshold: 3, ttlMs: 15 * 60_000 });
  first(engine, 0, FIRST_POLL_MS);
  const h2 = heap();
  const trackers = engine.stats().trackedSeries;
  const engineAndKeys = h2 - h1 + keysBytes;
  console.log(`${label}: heap per open tracker after the first poll (${trackers} trackers, GC'd)`);
  console.log(`  engine + keys  ${(engineAndKeys / trackers).toFixed(1)} B/tracker (target ≤ 150)`);
  console.log(`  + input buffer ${((h2 - h0) / trackers).toFixed(1)} B/tracker (heap growth since start)`);
  void input;
}

function main(): void {
  if (gc === undefined) console.log('(run with node --expose-gc for heap figures)');
  console.log(`workload: S=${S} series, B=${B} buckets, P=${P} polls, ${OBSERVATIONS} observations/poll`);
  console.log(
    `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  let keysBytes = 0;
  let columns: ColumnBuffer | undefined;
  memory(
    'columns (keys built once)',
    () => {
      const a = heap();
      const keys = buildKeys();
      keysBytes = heap() - a;
      columns = buildColumns(keys);
      rewriteColumns(columns, 0);
      return { input: columns, keysBytes };
    },
    (e, _p, now) => e.ingestColumns(columns!, now),
  );
  const col = columns!;
  const colResults = Array.from({ length: RUNS }, () =>
    run(
      (p) => rewriteColumns(col, p),
      (e, _p, now) => e.ingestColumns(col, now),
    ),
  );
  const colRate = report('columns, keys built once up front (ingestColumns)', colResults);
  columns = undefined;
  heap();

  let batch: BatchBuffer | undefined;
  memory(
    'batch (keys from attribute objects)',
    () => {
      batch = buildBatch();
      rewriteBatch(batch, 0);
      return { input: batch, keysBytes: 0 };
    },
    (e, _p, now) => e.ingest(batch!.batch, now),
  );
  const bb = batch!;
  const batchResults = Array.from({ length: RUNS }, () =>
    run(
      (p) => rewriteBatch(bb, p),
      (e, _p, now) => e.ingest(bb.batch, now),
    ),
  );
  const batchRate = report('batch, keys built from attribute objects each poll (ingest)', batchResults);
  console.log(
    `ratio columns / batch: ${(colRate / batchRate).toFixed(2)}×; target 9.00 M/s → ${(colRate / 9e6).toFixed(2)}×`,
  );
}

main();
