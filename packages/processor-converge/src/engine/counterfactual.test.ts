import { describe, expect, it } from 'vitest';
import { minHistoriesFor, wilsonLower } from './confidence.js';
import { fireAge, quantile, sampleOf, scoreRule } from './counterfactual.js';
import type { History, HistoryRun } from './history.js';
import type { PushRule } from './push-rule.js';

const S = 1000;
const rule = (threshold: number, stableFor: number, minAge: number, slope = 0): PushRule => ({
  threshold,
  stableForMs: stableFor * S,
  minAgeMs: minAge * S,
  slope,
});
/** A run from `start` to `last` seconds (bucket ages) over `count` polls. */
const run = (start: number, last: number, count: number, final = false): HistoryRun => ({
  startMs: start * S,
  lastMs: last * S,
  count,
  final,
});
const history = (runs: HistoryRun[], closeS = 900): History => ({
  runs,
  closeMs: closeS * S,
  firstPushMs: Number.NaN,
  firstPushExact: true,
  pushes: 1,
});

describe('fireAge: when a rule first pushes a run', () => {
  const cases: [string, PushRule, HistoryRun, number | undefined][] = [
    ['threshold 1, no wait: at the first poll', rule(1, 0, 0), run(30, 90, 3), 30],
    ['threshold 3: at the third poll', rule(3, 0, 0), run(30, 90, 3), 90],
    ['threshold 4 on 3 polls: never', rule(4, 0, 0), run(30, 90, 3), undefined],
    ['stable_for 60 s: 60 s after the run started', rule(1, 60, 0), run(0, 120, 5), 60],
    ['stable_for 45 s: at the first poll at least 45 s in', rule(1, 45, 0), run(0, 120, 5), 60],
    ['stable_for longer than the run: never', rule(1, 150, 0), run(0, 120, 5), undefined],
    ['min_age 100 s: first poll at or after 100 s', rule(1, 0, 100), run(0, 120, 5), 120],
    ['min_age past the run: never', rule(1, 0, 130), run(0, 120, 5), undefined],
    ['a running bucket is never pushed (min_age 0 means its end)', rule(1, 0, 0), run(-30, 0, 2), 0],
    ['a run wholly before the end: never', rule(1, 0, 0), run(-40, -10, 2), undefined],
    ['slope: the wait grows with the age the run started at', rule(1, 30, 0, 0.5), run(120, 240, 5), 210],
    ['slope: a run that started before the end waits stable_for only', rule(1, 30, 0, 0.5), run(-30, 90, 5), 0],
    ['all three: the latest of them', rule(2, 30, 60), run(0, 120, 5), 60],
  ];
  it.each(cases)('%s', (_, r, x, expected) => {
    const age = fireAge(r, x.startMs, x.lastMs, x.count);
    if (expected === undefined) expect(age).toBeNaN();
    else expect(age).toBe(expected * S);
  });
});

describe('scoreRule: counterfactual exactness and delay on recorded histories', () => {
  // Polled every 30 s from the bucket's end. Stalls from 30 s to 120 s, final from 150 s (window closes at 900 s).
  const stall = history([run(0, 0, 1), run(30, 120, 4), run(150, 540, 14, true)]);
  // Final from 30 s, no stall.
  const quick = history([run(0, 0, 1), run(30, 540, 18, true)]);
  const cases: [string, PushRule, number, number][] = [
    ['threshold 2 pushes the stall: 1 of 2 exact', rule(2, 0, 0), 1, (60 + 60) / 2],
    ['stable_for 120 s waits the stall out', rule(1, 120, 0), 2, (270 + 150) / 2],
    ['min_age 150 s pushes both at their final value', rule(1, 0, 150), 2, 150],
    ['a rule that never fires pushes at close, exactly', rule(99, 0, 0), 2, 900],
  ];
  it.each(cases)('%s', (_, r, exact, meanS) => {
    const s = scoreRule(r, sampleOf([stall, quick]));
    expect(s).toEqual({ n: 2, exact, meanDelayMs: meanS * S });
  });
});

describe('wilsonLower: the margin a learned rule is judged with (one-sided 95 %)', () => {
  const cases: [number, number, number][] = [
    // exact, n, lower bound (all exact: n / (n + z²); otherwise the score interval at z = 1.645, to 1e-4)
    [0, 0, 0],
    [10, 10, 0.78706],
    [2703, 2703, 0.999],
    [8192, 8192, 0.99967],
    [8190, 8192, 0.99926],
    [950, 1000, 0.9374],
  ];
  it.each(cases)('%i exact of %i → %f', (exact, n, lb) => {
    expect(wilsonLower(exact, n)).toBeCloseTo(lb, 4);
  });

  it('needs z² × t / (1 − t) perfect histories before a target t can be met at all', () => {
    expect(minHistoriesFor(0.999)).toBe(2703);
    expect(wilsonLower(2702, 2702)).toBeLessThan(0.999);
    expect(wilsonLower(2703, 2703)).toBeGreaterThanOrEqual(0.999);
    expect(minHistoriesFor(0.5)).toBe(3);
  });
});

describe('quantile', () => {
  it.each([
    [[], 0.5, Number.NaN],
    [[3, 1, 2], 0.5, 2],
    [[1, 2, 3, 4], 0.5, 2],
    [[1, 2, 3, 4], 1, 4],
  ])('%j q%f = %f', (values, q, expected) => {
    expect(quantile(values, q)).toEqual(expected);
  });
});
