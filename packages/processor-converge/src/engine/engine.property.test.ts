import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Emission } from './types.js';
import { MINUTE, T0, minute } from '../../test/helpers.js';
import { op, options, runOps, type Op } from '../../test/engine-ops.js';

// Random runs over a few series and buckets, with polls, expiries, backfill and time jumps, checking the
// engine's invariants on everything it emits.

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
