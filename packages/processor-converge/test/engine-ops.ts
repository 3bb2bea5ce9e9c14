import fc from 'fast-check';
import type { Batch, DataPoint } from '@settle/core';
import { ConvergeEngine } from '../src/engine/engine.js';
import type { EngineOptions } from '../src/engine/options.js';
import type { Emission } from '../src/engine/types.js';
import { MINUTE, REQUESTS, T0, minute } from './helpers.js';

// Random engine runs for the property tests: polls over a few series and buckets, expiries, backfill, time
// jumps and snapshot/restore points.

export type Op =
  | { kind: 'poll'; origin: 'live' | 'backfill'; dt: number; obs: { s: number; b: number; v: number }[] }
  | { kind: 'expire'; dt: number }
  | { kind: 'snapshot' };

const obs = fc.record({ s: fc.nat(3), b: fc.nat(3), v: fc.nat(3) });
export const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('poll' as const),
      origin: fc.constantFrom('live' as const, 'live' as const, 'backfill' as const),
      dt: fc.nat(90_000),
      obs: fc.array(obs, { maxLength: 12 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('expire' as const), dt: fc.nat(6 * MINUTE) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('snapshot' as const) }) },
);
export const options: fc.Arbitrary<EngineOptions> = fc.record({
  threshold: fc.integer({ min: 1, max: 4 }),
  backfillThreshold: fc.integer({ min: 1, max: 2 }),
  ttlMs: fc.integer({ min: 2, max: 12 }).map((m) => m * MINUTE),
  stableForMs: fc.constantFrom(0, 0, 30_000, 60_000),
  minAgeMs: fc.constantFrom(0, 0, 60_000),
  late: fc.constant('push' as const),
});

function batchOf(o: Extract<Op, { kind: 'poll' }>): Batch {
  const points: DataPoint[] = o.obs.map(({ s, b, v }) => ({ attributes: { s: `s${s}` }, ...minute(b), value: v }));
  return { resource: {}, metrics: [{ descriptor: REQUESTS, points }], meta: { origin: o.origin } };
}

/**
 * With a learned rule: targets low enough, and samples small enough, that rules are learned and changed
 * within a few dozen ops (a 50 % target needs 3 histories); the fixed options, when set, are floors.
 */
export const learningOptions: fc.Arbitrary<EngineOptions> = fc.record({
  targetExactness: fc.constantFrom(0.5, 0.6, 0.8),
  threshold: fc.constantFrom(undefined, 1, 2),
  backfillThreshold: fc.integer({ min: 1, max: 2 }),
  ttlMs: fc.integer({ min: 2, max: 12 }).map((m) => m * MINUTE),
  stableForMs: fc.constantFrom(undefined, 0, 30_000),
  minAgeMs: fc.constantFrom(undefined, 0, 60_000),
  late: fc.constant('push' as const),
  learning: fc.record({
    sampleSize: fc.integer({ min: 1, max: 12 }),
    perWindow: fc.integer({ min: 1, max: 4 }),
    relearnEvery: fc.integer({ min: 1, max: 4 }),
    seed: fc.nat(),
  }),
});

/**
 * Runs the ops; `restart` replaces the engine by one restored from a JSON snapshot at each snapshot op. The
 * run ends with a flush, or with `end: 'expire'` with an expiry a day after the last op (every window closed).
 */
export function runOps(
  opts: EngineOptions,
  ops: readonly Op[],
  restart: boolean,
  end: 'flush' | 'expire' = 'flush',
): { emitted: Emission[]; observed: Set<string>; engine: ConvergeEngine } {
  let engine = new ConvergeEngine(opts);
  let now = T0 + 4 * MINUTE;
  const emitted: Emission[] = [];
  const observed = new Set<string>();
  for (const o of ops) {
    if (o.kind === 'poll') {
      now += o.dt;
      for (const x of o.obs) observed.add(`s${x.s}|${minute(x.b).timeMs}`);
      emitted.push(...engine.ingest(batchOf(o), now));
    } else if (o.kind === 'expire') {
      now += o.dt;
      emitted.push(...engine.expire(now));
    } else if (restart) {
      const next = new ConvergeEngine(opts);
      next.restore(engine.snapshot());
      engine = next;
    }
  }
  emitted.push(...(end === 'flush' ? engine.flush() : engine.expire(now + 24 * 60 * MINUTE)));
  return { emitted, observed, engine };
}
