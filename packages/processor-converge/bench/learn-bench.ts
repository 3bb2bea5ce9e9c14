import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import {
  candidates,
  chooseRule,
  ConvergeEngine,
  describeRule,
  sampleOf,
  scoreRule,
  wilsonLower,
  type BucketRef,
  type EngineOptions,
  type History,
  type PushRule,
} from '../src/index.js';

// The learned rule measured on simulated settling (not part of `pnpm bench`, which times the engine):
//   node dist/bench/learn-bench.js <settling module> [model ...]
// The module is a built settling-model file of cloudflare-sim exporting `settlingModel(name)` (or
// `settleSchedule`, today's model): (seed, zone, minuteMs) => { ages, levels, delay }, ages in seconds after
// the minute's end. Zones × series are polled every 30 s over a 10-minute lookback for HOURS hours; each
// strategy runs its own engine on the same observations, and first pushes are checked against the truth.
// Then the rule families are compared on the learned engine's own recorded histories: chosen on the first
// half, scored on the second (what matters is how a rule chosen on the past does on the future).

interface Schedule {
  readonly ages: readonly number[];
  readonly levels: readonly number[];
}
type ScheduleFn = (seed: number, zone: number, minuteMs: number) => Schedule;

const ZONES = 200;
const WEIGHTS = [0.55, 0.25, 0.1, 0.06, 0.04];
const HOURS = Number(process.env.HOURS ?? 6);
const POLL_MS = 30_000;
const LOOKBACK_MS = 600_000;
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const TARGET = 0.999;

const STRATEGIES: readonly (readonly [string, EngineOptions])[] = [
  ['learned 99.9 %', { targetExactness: TARGET }],
  ['defaults (2, 2m)', { threshold: 2, stableForMs: 120_000 }],
  ['fixed 300 s', { threshold: 1, minAgeMs: 300_000 }],
];

function stepValue(s: Schedule, age: number): number {
  let level = -1;
  for (let k = 0; k < s.ages.length && s.ages[k]! <= age; k++) level = s.levels[k]!;
  return level;
}

interface Outcome {
  pushed: number;
  exact: number;
  delays: number[];
  revisions: number;
}

function run(schedule: ScheduleFn, options: EngineOptions): { outcome: Outcome; engine: ConvergeEngine } {
  const engine = new ConvergeEngine({ ttlMs: 15 * MINUTE, ...options });
  const keys = Array.from({ length: ZONES }, (_, z) =>
    WEIGHTS.map((_, j) => `"cf_requests"{"zone":"z${z}","s":"${j}"}`),
  );
  const base = Array.from({ length: ZONES }, (_, z) => 50 + ((z * 2654435761) % 5000));
  const cache = new Map<number, Schedule>();
  const sched = (z: number, m: number): Schedule => {
    const id = m * ZONES + z;
    let s = cache.get(id);
    if (s === undefined) cache.set(id, (s = schedule(1, z, T0 + m * MINUTE)));
    return s;
  };
  const truth = (z: number, j: number, m: number): number => Math.round(base[z]! * WEIGHTS[j]! * (1 + (m % 7) / 10));
  const first = new Map<string, true>();
  const outcome: Outcome = { pushed: 0, exact: 0, delays: [], revisions: 0 };
  const record = (key: string, bucket: BucketRef, value: number, revision: boolean, now: number): void => {
    if (revision) outcome.revisions++;
    const id = `${key}@${bucket.timeMs}`;
    if (first.has(id)) return;
    first.set(id, true);
    const [, z, j] = /z(\d+)","s":"(\d)/.exec(key)!.map(Number) as [number, number, number];
    const m = (bucket.timeMs - T0) / MINUTE - 1;
    outcome.pushed++;
    if (value === truth(z, j, m)) outcome.exact++;
    outcome.delays.push((now - bucket.timeMs) / 1000);
  };
  const end = T0 + HOURS * 3_600_000;
  for (let now = T0 + MINUTE; now < end; now += POLL_MS) {
    const buckets: BucketRef[] = [];
    const series: string[] = [];
    const bucket: number[] = [];
    const values: number[] = [];
    for (let m = Math.ceil((now - LOOKBACK_MS - T0) / MINUTE); T0 + m * MINUTE <= now; m++) {
      if (m < 0) continue;
      const b = buckets.push({ startMs: T0 + m * MINUTE, timeMs: T0 + (m + 1) * MINUTE }) - 1;
      const age = (now - (T0 + (m + 1) * MINUTE)) / 1000;
      for (let z = 0; z < ZONES; z++) {
        const level = stepValue(sched(z, m), age);
        if (level < 0) continue;
        for (let j = 0; j < WEIGHTS.length; j++) {
          series.push(keys[z]![j]!);
          bucket.push(b);
          values.push(Math.round(truth(z, j, m) * level));
        }
      }
    }
    const out = engine.ingestColumns(
      { length: series.length, buckets, bucket: Int32Array.from(bucket), series, values: Float64Array.from(values) },
      now,
    );
    for (let i = 0; i < out.length; i++)
      record(out.key(i), out.bucket(i), out.value(i), out.reason(i) === 'revision', now);
    for (const e of engine.expire(now)) record(e.key, e, e.value, e.revision, now);
  }
  return { outcome, engine };
}

function q(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

function families(histories: readonly History[]): void {
  const half = Math.floor(histories.length / 2);
  const train = sampleOf(histories.slice(0, half));
  const test = sampleOf(histories.slice(half));
  const floor: PushRule = { threshold: 1, stableForMs: 0, minAgeMs: 0, slope: 0 };
  const pools: readonly (readonly [string, readonly number[]])[] = [
    ['fixed wait (slope 0)', [0]],
    ['age-dependent wait', [0, 0.25, 0.5, 1]],
  ];
  console.log(`  families: chosen on ${train.size} histories, scored on the next ${test.size}`);
  for (const [name, slopes] of pools) {
    const pool = candidates(floor, slopes);
    const t = performance.now();
    const choice = chooseRule(train, TARGET, pool);
    const ms = performance.now() - t;
    const s = scoreRule(choice.rule, test);
    console.log(
      `    ${name.padEnd(22)} ${describeRule(choice.rule).padEnd(52)} train: mean ${(choice.evidence.meanDelayMs / 1000).toFixed(0)} s, lb ${pct(choice.evidence.lowerBound)}; ` +
        `test: exact ${pct(s.exact / s.n)} (lb ${pct(wilsonLower(s.exact, s.n))}), mean ${(s.meanDelayMs / 1000).toFixed(0)} s; ` +
        `${pool.length} candidates in ${ms.toFixed(0)} ms`,
    );
  }
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)} %`;
}

async function main(): Promise<void> {
  const [modulePath, ...names] = process.argv.slice(2);
  if (modulePath === undefined) throw new Error('usage: learn-bench.js <settling module> [model ...]');
  const mod = (await import(pathToFileURL(resolve(modulePath)).href)) as {
    settlingModel?: (name: string) => ScheduleFn;
    settleSchedule?: ScheduleFn;
  };
  const models = names.length > 0 ? names : ['default'];
  console.log(
    `learned rule on simulated settling: ${ZONES} zones × ${WEIGHTS.length} series, ${HOURS} h, polls 30 s, lookback 10 m, TTL 15 m`,
  );
  for (const name of models) {
    const schedule = mod.settlingModel?.(name) ?? mod.settleSchedule;
    if (schedule === undefined) throw new Error(`${modulePath} exports neither settlingModel nor settleSchedule`);
    console.log(`model ${name}`);
    for (const [label, options] of STRATEGIES) {
      const t = performance.now();
      const { outcome, engine } = run(schedule, options);
      const sorted = [...outcome.delays].sort((a, b) => a - b);
      const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
      const m = engine.measurements()[0];
      console.log(
        `  ${label.padEnd(18)} first-push exact ${pct(outcome.exact / outcome.pushed)} of ${outcome.pushed}; delay p50 ${q(sorted, 0.5)} s, ` +
          `p90 ${q(sorted, 0.9)} s, p99 ${q(sorted, 0.99)} s, mean ${mean.toFixed(0)} s; revisions ${outcome.revisions}; ` +
          `self-measured exact ${pct(m?.firstPushExactness ?? Number.NaN)} (n ${m?.histories}); ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      if (options.targetExactness !== undefined) {
        console.log(`    applied: ${m === undefined ? '-' : describeRule(m.rule)}; rule changes:`);
        for (const c of engine.takeRuleChanges()) {
          console.log(
            `      +${((c.atMs - T0) / 60_000).toFixed(0)} min ${describeRule(c.to)} (n ${c.evidence?.n}, exact ${pct(c.evidence?.exactness ?? Number.NaN)}, lb ${pct(c.evidence?.lowerBound ?? Number.NaN)}, mean ${((c.evidence?.meanDelayMs ?? 0) / 1000).toFixed(0)} s${c.meetsTarget ? '' : ', target not met'})`,
          );
        }
        const histories = engine.histories('cf_requests');
        if (process.env.DUMP !== undefined)
          (await import('node:fs')).writeFileSync(`${process.env.DUMP}-${name}.json`, JSON.stringify(histories));
        families(histories);
      }
    }
  }
}

await main();
