import { describe, expect, it } from 'vitest';
import { evaluate, oracle } from './evaluate.js';
import { PointIds, PushLog } from './push-log.js';
import type { Reference } from './reference.js';
import type { StrategyResult } from './scenario.js';
import { bestOfGrid, engineVariants, frontier, gridRules, STRATEGIES } from './strategies.js';

const rule = (name: string, p50: number, firstExact: number, p90 = p50): StrategyResult => ({
  name: `grid: ${name}`,
  kind: 'converge',
  figures: { expected: 1, pushed: 1, p50, p90, p99: p90, firstExact, finalExact: 100, revisions: 0, forced: 0 },
  queriesPerZoneHour: 48,
  rateLimited: 0,
});

describe('the best fixed rule and the trade-off curve', () => {
  const grid = [rule('a', 30, 20), rule('b', 270, 99.3), rule('c', 300, 99.95, 400), rule('d', 300, 99.92, 390)];

  it('is the freshest rule at or above 99.9 % at first push, p90 breaking a p50 tie', () => {
    expect(bestOfGrid(grid)).toEqual({ best: grid[3], reachesTarget: true });
  });

  it('falls back to the most exact rule when none reaches 99.9 %, and says so', () => {
    expect(bestOfGrid(grid.slice(0, 2))).toEqual({ best: grid[1], reachesTarget: false });
  });

  it('draws the curve through the rules nothing beats on both delay and exactness', () => {
    expect(frontier([...grid, rule('e', 280, 90)]).map((s) => s.name)).toEqual(['grid: a', 'grid: b', 'grid: c']);
  });

  it('runs every grid rule and every named strategy, with the TTL', () => {
    const names = engineVariants().map((v) => v.name);
    expect(names.length).toBe(gridRules().length + STRATEGIES.length);
    expect(new Set(names).size).toBe(names.length);
    expect(engineVariants().every((v) => v.options.ttlMs === 15 * 60_000)).toBe(true);
  });
});

describe('scoring', () => {
  const ids = new PointIds();
  const a = ids.internPoint('m', { zone: 'z', account: 'x' }, 0, 60_000);
  const b = ids.internPoint('m', { zone: 'y' }, 0, 60_000);
  const reference: Reference = {
    values: new Map([
      [a, 10],
      [b, 5],
    ]),
    settleDelayS: new Map([
      [a, 150],
      [b, 200],
    ]),
    truthChecked: 0,
    truthMatched: 0,
  };

  it('one point id per series and minute, whatever the account label', () => {
    expect(ids.internPoint('m', { zone: 'z' }, 0, 60_000)).toBe(a);
    expect(ids.internPoint('m', { zone: 'z' }, 60_000, 120_000)).not.toBe(a);
  });

  it('scores first and last pushes against the final values', () => {
    const log = new PushLog(ids);
    log.record(a, 8, 60_000 + 90_000);
    log.record(a, 10, 60_000 + 120_000);
    log.record(b, 5, 60_000 + 240_000, true);
    const f = evaluate(log, reference, 0, 60_000);
    expect(f).toMatchObject({ expected: 2, pushed: 2, p50: 90, p99: 240, firstExact: 50, finalExact: 100 });
    expect(f).toMatchObject({ revisions: 1, forced: 1 });
    expect(evaluate(log, reference, 60_000, 120_000).pushed).toBe(0);
  });

  it('the oracle pushes every point exactly, at its settle delay', () => {
    expect(oracle(reference, ids.bucketStartMs, 0, 60_000)).toMatchObject({
      pushed: 2,
      p50: 150,
      p99: 200,
      firstExact: 100,
      revisions: 0,
    });
  });
});
