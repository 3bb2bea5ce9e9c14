import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Emission } from './types.js';
import { learningOptions, op, runOps } from '../../test/engine-ops.js';

// The engine's invariants hold with a learned rule that changes under it (low targets, tiny samples).

const pairOf = (e: Emission): string => `${String(e.info?.attributes.s)}|${e.timeMs}`;
const summary = (es: readonly Emission[]): string[] => es.map((e) => `${e.key}|${e.timeMs}=${e.value}:${e.reason}`);
const ops = fc.array(op, { maxLength: 60 });

describe('ConvergeEngine with learning: properties', () => {
  it('never pushes a series and bucket twice in a row with the same value', () => {
    fc.assert(
      fc.property(learningOptions, ops, (opts, list) => {
        const last = new Map<string, number>();
        for (const e of runOps(opts, list, false).emitted) {
          if (e.reason === 'late') continue;
          expect(last.get(pairOf(e)), `${pairOf(e)} ${e.reason}`).not.toBe(e.value);
          last.set(pairOf(e), e.value);
        }
      }),
    );
  });

  it('pushes every observed series and bucket by the time its window expires, without a flush', () => {
    fc.assert(
      fc.property(learningOptions, ops, (opts, list) => {
        const { emitted, observed, engine } = runOps(opts, list, false, 'expire');
        const seen = new Set(emitted.map(pairOf));
        for (const pair of observed) expect(seen.has(pair), pair).toBe(true);
        expect(engine.stats().openWindows).toBe(0);
      }),
    );
  });

  it('a restart from a snapshot mid-learning emits and learns exactly what an uninterrupted engine does', () => {
    fc.assert(
      fc.property(learningOptions, ops, (opts, list) => {
        const restarted = runOps(opts, list, true, 'expire');
        const straight = runOps(opts, list, false, 'expire');
        expect(summary(restarted.emitted)).toEqual(summary(straight.emitted));
        expect(restarted.engine.measurements()).toEqual(straight.engine.measurements());
      }),
      // About one run in ten changes a rule: more runs so that restarts land between changes often.
      { numRuns: 400 },
    );
  });

  it('before a source has enough histories, pushes exactly as the conservative cold-start rule', () => {
    fc.assert(
      fc.property(learningOptions, ops, (opts, list) => {
        const cold = { ...opts, learning: { ...opts.learning, minHistories: Number.MAX_SAFE_INTEGER } };
        const fixed = {
          ...opts,
          targetExactness: undefined,
          threshold: Math.max(2, opts.threshold ?? 1),
          stableForMs: Math.max(120_000, opts.stableForMs ?? 0),
          minAgeMs: Math.max(300_000, opts.minAgeMs ?? 0),
        };
        expect(summary(runOps(cold, list, false).emitted)).toEqual(summary(runOps(fixed, list, false).emitted));
      }),
    );
  });
});
