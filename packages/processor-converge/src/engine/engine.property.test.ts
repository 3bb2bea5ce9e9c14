import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Batch, DataPoint } from '@settle/core';
import { ConvergeEngine } from './engine.js';
import type { EngineOptions } from './options.js';
import type { Emission } from './types.js';
import { MINUTE, REQUESTS, T0, minute } from '../../test/helpers.js';

// Random runs over a few series and buckets, with polls, expiries, backfill and time jumps, checking the
// engine's invariants on everything it emits.

type Op =
  | { kind: 'poll'; origin: 'live' | 'backfill'; dt: number; obs: { s: number; b: number; v: number }[] }
  | { kind: 'expire'; dt: number }
  | { kind: 'snapshot' };

const obs = fc.record({ s: fc.nat(3), b: fc.nat(3), v: fc.nat(3) });
const op: fc.Arbitrary<Op> = fc.oneof(
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
const options: fc.Arbitrary<EngineOptions> = fc.record({
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

/** Runs the ops; `restart` replaces the engine by one restored from a JSON snapshot at each snapshot op. */
function runOps(
  opts: EngineOptions,
  ops: readonly Op[],
  restart: boolean,
): { emitted: Emission[]; observed: Set<string> } {
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
      next.restore(JSON.parse(JSON.stringify(engine.snapshot())));
      engine = next;
    }
  }
  emitted.push(...engine.flush());
  return { emitted, observed };
}

const pairOf = (e: Emission): string => `${String(e.info?.attributes.s)}|${e.timeMs}`;

describe('ConvergeEngine: properties', () => {
  it('every observed series and bucket is emitted at least once by the end', () => {
    fc.assert(
      fc.property(options, fc.array(op, { maxLength: 40 }), (opts, ops) => {
        const { emitted, observed } = runOps(opts, ops, false);
        const seen = new Set(emitted.map(pairOf));
        for (const pair of observed) expect(seen.has(pair), pair).toBe(true);
      }),
    );
  });

  it('never emits a series and bucket twice in a row with the same value', () => {
    fc.assert(
      fc.property(options, fc.array(op, { maxLength: 40 }), (opts, ops) => {
        const last = new Map<string, number>();
        for (const e of runOps(opts, ops, false).emitted) {
          if (e.reason === 'late') continue; // late: push forwards whatever arrives, by definition
          const pair = pairOf(e);
          expect(last.get(pair), `${pair} ${e.reason}`).not.toBe(e.value);
          last.set(pair, e.value);
        }
      }),
    );
  });

  it("stamps emitted points with their source bucket's start and end", () => {
    fc.assert(
      fc.property(options, fc.array(op, { maxLength: 40 }), (opts, ops) => {
        for (const e of runOps(opts, ops, false).emitted) {
          const b = (e.timeMs - T0) / MINUTE - 1;
          expect(Number.isInteger(b) && b >= 0 && b <= 3).toBe(true);
          expect(e.startMs).toBe(minute(b).startMs);
        }
      }),
    );
  });

  it('without expiry, the last value emitted for each series and bucket is the last one observed', () => {
    fc.assert(
      fc.property(options, fc.array(op, { maxLength: 40 }), (opts, ops) => {
        const polls = ops.filter((o): o is Extract<Op, { kind: 'poll' }> => o.kind === 'poll');
        const latest = new Map<string, number>();
        for (const p of polls) for (const x of p.obs) latest.set(`s${x.s}|${minute(x.b).timeMs}`, x.v);
        const lastEmitted = new Map<string, number>();
        for (const e of runOps(opts, polls, false).emitted) lastEmitted.set(pairOf(e), e.value);
        expect(lastEmitted).toEqual(latest);
      }),
    );
  });

  it('a restart from a snapshot emits exactly what an uninterrupted engine emits', () => {
    fc.assert(
      fc.property(options, fc.array(op, { maxLength: 40 }), (opts, ops) => {
        const summary = (es: Emission[]): string[] => es.map((e) => `${e.key}|${e.timeMs}=${e.value}:${e.reason}`);
        expect(summary(runOps(opts, ops, true).emitted)).toEqual(summary(runOps(opts, ops, false).emitted));
      }),
    );
  });
});
