import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ConvergeEngine } from '../src/index.js';
import { expireKeys, expireObjects, pollKeys, pollObjects } from './production.js';
import {
  B,
  FIRST_POLL_MS,
  OBSERVATIONS,
  P,
  S,
  STEP_MS,
  THRESHOLD,
  TTL_MS,
  buildBatch,
  buildKeyBuffer,
  buildKeys,
  rewriteBatch,
  rewriteKeyBuffer,
} from './workload.js';

// The converge engine benchmark (workload in workload.ts). Times ingest + expire per poll, prints observations
// per wall second and per CPU second (median of RUNS runs), points emitted, and heap bytes per open tracker
// after the first poll. `pnpm bench`, or `node --expose-gc dist/bench/engine-bench.js [keys|objects] [--json]`.
// The engine runs the fixed rule (threshold 3): learning is off (no target_exactness); self-measurement
// (recording a sample of trackers' histories) is on, as in production.

const RUNS = Number(process.env.RUNS ?? 3);
const gc = (globalThis as { gc?: () => void }).gc;

/** JS heap plus ArrayBuffer backing stores (typed arrays live outside the JS heap but count all the same). */
function heap(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

interface Variant {
  readonly name: 'keys' | 'fresh-keys' | 'objects';
  readonly label: string;
  /** Rewrites the input's values for poll `p` (not timed). */
  readonly rewrite: (p: number) => void;
  readonly poll: (engine: ConvergeEngine, now: number) => number;
  readonly expire: (engine: ConvergeEngine, now: number) => number;
  /** Bytes the input holds that the engine keeps referencing (the keys), counted as the engine's. */
  readonly keptBytes: number;
}

export interface VariantResult {
  readonly variant: string;
  readonly wall: number[];
  readonly cpu: number[];
  readonly fromIngest: number;
  readonly fromExpire: number;
  readonly late: number;
  readonly revisions: number;
  readonly bytesPerTracker: number;
  readonly trackers: number;
}

const newEngine = (): ConvergeEngine => new ConvergeEngine({ threshold: THRESHOLD, ttlMs: TTL_MS });

function run(v: Variant): {
  seconds: number;
  cpuSeconds: number;
  fromIngest: number;
  fromExpire: number;
  engine: ConvergeEngine;
} {
  const engine = newEngine();
  let seconds = 0;
  let cpuSeconds = 0;
  let fromIngest = 0;
  let fromExpire = 0;
  for (let p = 0; p < P; p++) {
    v.rewrite(p);
    const now = FIRST_POLL_MS + p * STEP_MS;
    const c = process.cpuUsage();
    const t = performance.now();
    fromIngest += v.poll(engine, now);
    fromExpire += v.expire(engine, now);
    seconds += (performance.now() - t) / 1000;
    const dc = process.cpuUsage(c);
    cpuSeconds += (dc.user + dc.system) / 1e6;
  }
  return { seconds, cpuSeconds, fromIngest, fromExpire, engine };
}

/** Heap growth per open tracker after the first poll: engine state plus the keys it holds. */
function memory(v: Variant): { bytesPerTracker: number; trackers: number } {
  v.rewrite(0);
  const before = heap();
  const engine = newEngine();
  v.poll(engine, FIRST_POLL_MS);
  const after = heap();
  const trackers = engine.stats().trackedSeries;
  return { bytesPerTracker: (after - before + v.keptBytes) / trackers, trackers };
}

function bench(v: Variant): VariantResult {
  const mem = memory(v);
  const runs = Array.from({ length: RUNS }, () => run(v));
  const stats = runs[0]!.engine.stats();
  return {
    variant: v.name,
    wall: runs.map((r) => (OBSERVATIONS * P) / r.seconds),
    cpu: runs.map((r) => (OBSERVATIONS * P) / r.cpuSeconds),
    fromIngest: runs[0]!.fromIngest,
    fromExpire: runs[0]!.fromExpire,
    late: stats.latePoints,
    revisions: stats.revisions,
    ...mem,
  };
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`;

function print(v: Variant, r: VariantResult): void {
  console.log(v.label);
  console.log(`  observations/s  ${rate(median(r.wall))} median wall clock (runs ${r.wall.map(rate).join(', ')})`);
  console.log(`                  ${rate(median(r.cpu))} median per process CPU-second (incl. GC threads)`);
  console.log(`  emitted         ${r.fromIngest} from ingest, ${r.fromExpire} from expire`);
  console.log(`  revisions ${r.revisions}; late ${r.late}`);
  console.log(
    `  memory          ${r.bytesPerTracker.toFixed(1)} B per open tracker, keys included (${r.trackers} trackers)`,
  );
}

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const selected = args.filter((a) => !a.startsWith('--'));
  // fresh-keys only on request: not part of the fixed workload (the comparison's inputs are keys and objects).
  const wanted = (name: string): boolean => (selected.length === 0 ? name !== 'fresh-keys' : selected.includes(name));
  if (!json) {
    console.log(
      `converge engine benchmark: S=${S} series × B=${B} buckets (bucket-major), P=${P} polls of ${OBSERVATIONS} ` +
        `observations, threshold ${THRESHOLD} (learning off), TTL 15m`,
    );
    console.log(
      `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work on the machine skews wall-clock figures)`,
    );
    if (gc === undefined) console.log('(run with node --expose-gc for exact heap figures)');
  }
  const variants: Variant[] = [];
  if (wanted('keys')) {
    const h0 = heap();
    const keys = buildKeys();
    const keptBytes = heap() - h0;
    const buf = buildKeyBuffer(keys);
    variants.push({
      name: 'keys',
      label: 'keys: one key string per observation (ingestColumns)',
      rewrite: (p) => rewriteKeyBuffer(buf, p),
      poll: (engine, now) => pollKeys(engine, buf, now),
      expire: expireKeys,
      keptBytes,
    });
  }
  if (wanted('fresh-keys')) {
    // As `keys`, but with new key strings (same text) every poll, as a caller parsing its input would have:
    // the engine cannot match them by identity.
    const h0 = heap();
    const keys = buildKeys();
    const keptBytes = heap() - h0;
    const buf = buildKeyBuffer(keys);
    const series = buf.series as string[];
    variants.push({
      name: 'fresh-keys',
      label: 'fresh-keys: one key string per observation, new string objects every poll (ingestColumns)',
      rewrite: (p) => {
        rewriteKeyBuffer(buf, p);
        const fresh = buildKeys();
        for (let i = 0; i < OBSERVATIONS; i++) series[i] = fresh[i % S]!;
      },
      poll: (engine, now) => pollKeys(engine, buf, now),
      expire: expireKeys,
      keptBytes,
    });
  }
  if (wanted('objects')) {
    const buf = buildBatch();
    variants.push({
      name: 'objects',
      label: 'objects: attribute objects per observation, batch in, batches out (the production path)',
      rewrite: (p) => rewriteBatch(buf, p),
      poll: (engine, now) => pollObjects(engine, buf.batch, now),
      expire: expireObjects,
      keptBytes: 0,
    });
  }
  for (const v of variants) {
    const r = bench(v);
    if (json) console.log(JSON.stringify(r));
    else print(v, r);
  }
}

main();
