import { describe, expect, it } from 'vitest';
import type { Batch, DataPoint } from '@settle/core';
import { MINUTE, REQUESTS, T0, minute } from '../../test/helpers.js';
import { v1Fixture } from '../../test/fixtures/snapshot-v1.js';
import { ConvergeEngine } from './engine.js';
import { BYTES_PER_HISTORY, RUNS_PER_HISTORY } from './history.js';
import { HistoryBuilder } from './history-builder.js';
import { HistorySample } from './history-sample.js';
import type { EngineOptions } from './options.js';
import { COLD_RULE } from './push-rule.js';
import { MAX_SOURCES, metricNameOfKey, OTHER_SOURCE, SourceRegistry } from './sources.js';
import type { Emission } from './types.js';

interface Pushed {
  readonly e: Emission;
  /** Seconds from the bucket's end to the push. */
  readonly age: number;
}

/**
 * Polls every 30 s over buckets 0..buckets-1 (until `until` minutes after T0): each zone's value is 1 until
 * 60 s after the bucket's end, then 2.
 */
function drive(engine: ConvergeEngine, buckets: number, dataset?: string, until = buckets + 12): Pushed[] {
  const out: Pushed[] = [];
  for (let now = T0 + MINUTE; now <= T0 + until * MINUTE; now += 30_000) {
    const points: DataPoint[] = [];
    for (let b = 0; b < buckets; b++) {
      const age = now - minute(b).timeMs;
      if (age < -30_000 || age > 6 * MINUTE) continue;
      for (const zone of ['a', 'b', 'c', 'd'])
        points.push({ attributes: { zone }, ...minute(b), value: age < 60_000 ? 1 : 2 });
    }
    const meta = dataset === undefined ? {} : { 'cloudflare.dataset_id': dataset };
    const batch: Batch = {
      resource: {},
      metrics: [{ descriptor: REQUESTS, points }],
      meta: { origin: 'live', ...meta },
    };
    for (const e of [...engine.ingest(batch, now), ...engine.expire(now)])
      out.push({ e, age: (now - e.timeMs) / 1000 });
  }
  return out;
}

const LEARN: EngineOptions = {
  ttlMs: 8 * MINUTE,
  targetExactness: 0.8,
  learning: { sampleSize: 64, perWindow: 2, relearnEvery: 8 },
};

describe('learning: self-measurement and the learned rule', () => {
  it('starts with the cold-start rule, learns from closed windows and reports the change with its evidence', () => {
    const engine = new ConvergeEngine(LEARN);
    expect(engine.measurements()).toEqual([]);
    drive(engine, 40, 'http');
    const [m] = engine.measurements();
    expect(m).toMatchObject({ source: 'http', histories: 64, firstPushExactness: 1, revisionRate: 0 });
    // Values settle 60 s after the bucket's end: that is when they last change, at every quantile.
    expect(m?.lastChangeMs).toEqual({ p50: 60_000, p90: 60_000, p99: 60_000, max: 60_000 });
    const changes = engine.takeRuleChanges();
    expect(changes[0]).toMatchObject({ source: 'http', from: COLD_RULE, meetsTarget: true });
    const first = changes[0]!.evidence!;
    // 0.8 needs 11 perfect histories to be provable: the first choice is made on at least that many.
    expect(first.n).toBeGreaterThanOrEqual(11);
    expect(first.exactness).toBeGreaterThanOrEqual(first.lowerBound);
    expect(first.lowerBound).toBeGreaterThanOrEqual(0.8);
    // The freshest exact rule pushes at the first poll after the change (60 s), not at the cold 300 s.
    expect(m?.rule.minAgeMs).toBe(60_000);
    expect(first.meanDelayMs).toBe(60_000);
    expect(engine.takeRuleChanges()).toEqual([]);
  });

  it('pushes as the learned rule says once learned: the final value at 60 s, where the cold rule waits 300 s', () => {
    const late = (ps: Pushed[]): string[] =>
      ps.filter((p) => p.e.timeMs >= minute(30).timeMs).map((p) => `${p.e.value}@${p.age}s:${p.e.reason}`);
    const learned = late(drive(new ConvergeEngine(LEARN), 40));
    const cold = late(drive(new ConvergeEngine({ ...LEARN, learning: { minHistories: 1e9 } }), 40));
    expect(new Set(learned)).toEqual(new Set(['2@60s:stable']));
    expect(new Set(cold)).toEqual(new Set(['2@300s:stable']));
    expect(learned).toHaveLength(10 * 4);
  });

  it('a source is the batch dataset id, else the metric name', () => {
    const engine = new ConvergeEngine(LEARN);
    drive(engine, 12);
    expect(engine.measurements().map((m) => m.source)).toEqual([REQUESTS.name]);
  });

  it('restores a snapshot written before learning existed as a cold start', () => {
    // A settle.converge/1 checkpoint (the previous version's, test/fixtures) without what learning added.
    const { learning: _, ...old } = v1Fixture().snapshot;
    const windows = old.windows.map(({ recording: __, ...w }) => w);
    const series = old.series.map(({ source: __, ...s }) => s);
    const restored = new ConvergeEngine(LEARN);
    restored.restore({ ...old, windows, series });
    expect(restored.stats()).toMatchObject({ openWindows: old.windows.length });
    // Sources resolved from the keys (the fixture's key-only series are sources of their own).
    expect(restored.measurements().map((m) => [m.source, m.histories, m.rule])).toEqual(
      ['requests', 'raw-key-a', 'raw-key-b'].map((source) => [source, 0, COLD_RULE]),
    );
  });
});

describe('HistorySample: the bounded sample', () => {
  it('keeps the most recent `capacity` histories, in BYTES_PER_HISTORY each', () => {
    const sample = new HistorySample(3);
    for (let i = 0; i < 5; i++) {
      sample.add({
        runs: [{ startMs: i * 1000, lastMs: i * 1000, count: 1, final: true }],
        closeMs: 900_000,
        firstPushMs: i * 1000,
        firstPushExact: true,
        pushes: 1,
      });
    }
    expect([sample.size, sample.total]).toEqual([3, 5]);
    expect(sample.list().map((h) => h.firstPushMs)).toEqual([2000, 3000, 4000]);
    expect(sample.bytes).toBe(3 * BYTES_PER_HISTORY);
    expect(BYTES_PER_HISTORY).toBe(RUNS_PER_HISTORY * 10 + 11);
    let buffers = 0;
    for (const v of Object.values(sample)) if (ArrayBuffer.isView(v)) buffers += v.byteLength;
    expect(buffers).toBe(sample.bytes);
  });
});

describe('HistoryBuilder: runs of one tracker', () => {
  const equal = (a: number, b: number): boolean => a === b;
  const cases: [string, [number, number, boolean][], number, string[]][] = [
    [
      'one run',
      [
        [0, 5, true],
        [30, 5, false],
        [60, 5, false],
      ],
      5,
      ['0-60×3 final'],
    ],
    [
      'a change and back',
      [
        [0, 1, true],
        [30, 2, true],
        [60, 1, true],
      ],
      1,
      ['0-0×1 final', '30-30×1', '60-60×1 final'],
    ],
  ];
  it.each(cases)('%s', (_, obs, final, expected) => {
    const b = new HistoryBuilder(1);
    for (const [age, v, changed] of obs) b.observe(age * 1000, v, changed);
    const h = b.finish(900_000, final, equal);
    expect(h.runs.map((r) => `${r.startMs / 1000}-${r.lastMs / 1000}×${r.count}${r.final ? ' final' : ''}`)).toEqual(
      expected,
    );
  });

  it('past RUNS_PER_HISTORY runs, merges the middle into one run that is never final', () => {
    const b = new HistoryBuilder(1);
    const n = RUNS_PER_HISTORY + 3;
    for (let i = 0; i < n; i++) b.observe(i * 1000, i % 2, true);
    const h = b.finish(900_000, (n - 1) % 2, equal);
    expect(h.runs).toHaveLength(RUNS_PER_HISTORY);
    const merged = h.runs[RUNS_PER_HISTORY - 2]!;
    expect(merged).toEqual({ startMs: (RUNS_PER_HISTORY - 2) * 1000, lastMs: (n - 2) * 1000, count: 4, final: false });
    expect(h.runs[RUNS_PER_HISTORY - 1]).toMatchObject({ startMs: (n - 1) * 1000, final: true });
  });

  it('records its first push and how many pushes it had', () => {
    const b = new HistoryBuilder(1);
    b.observe(0, 1, true);
    b.pushed(0, 1);
    b.observe(30_000, 2, true);
    b.pushed(30_000, 2);
    expect(b.finish(900_000, 2, equal)).toMatchObject({ firstPushMs: 0, firstPushExact: false, pushes: 2 });
  });
});

describe('sources', () => {
  it.each([
    ['"cloudflare_zone_requests_total"{"zone":"a"}|{}', 'cloudflare_zone_requests_total'],
    ['"a\\"b"{}|{}', 'a"b'],
    ['cf_requests{zone=a}', 'cf_requests'],
    ['plain', 'plain'],
  ])('the metric name of key %s is %s', (key, name) => {
    expect(metricNameOfKey(key)).toBe(name);
  });

  it(`tracks at most ${MAX_SOURCES} sources; further ones share "${OTHER_SOURCE}"`, () => {
    const registry = new SourceRegistry(COLD_RULE, 4);
    const codes = Array.from({ length: MAX_SOURCES + 5 }, (_, i) => registry.code(`m${i}`));
    expect(new Set(codes).size).toBe(MAX_SOURCES);
    expect(registry.states.map((s) => s.name).at(-1)).toBe(OTHER_SOURCE);
    expect(registry.code('m0')).toBe(1);
  });
});
