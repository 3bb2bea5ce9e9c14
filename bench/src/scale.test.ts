import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MISSING_VM112_MESSAGE, victoriaMetrics112Binary } from '@settle/exporter-vm/testing';
import { describe, expect, it } from 'vitest';
import { scaleFit } from './scale-fit.js';
import { keepsUp } from './scale-keeps-up.js';
import { needsFor, tokensFor } from './scale-needs.js';
import { runScale } from './scale-run.js';
import type { ScaleRunResult } from './scale-types.js';
import { verifyInVm } from './scale-verify.js';

// The scale harness at a tiny size, for real (simulator and settle in their own processes, a real
// VictoriaMetrics): its accounting must match the simulator's truth, so the bench cannot measure nothing.
const BUILT = existsSync(fileURLToPath(new URL('../dist/src/scale-member.js', import.meta.url)));
// VictoriaMetrics 1.112: its dedup keeps the largest of equal-timestamp samples, so converge's rare revisions
// resolve to the final value (1.79 keeps an arbitrary one, which would make the truth check a coin toss there).
const VM_BINARY = victoriaMetrics112Binary();
const HAVE_VM = VM_BINARY !== undefined;
if (!HAVE_VM) console.warn(`SKIPPING the scale harness test: ${MISSING_VM112_MESSAGE}`);
const MIN = 60_000;

describe('scale bench arithmetic', () => {
  it('tokens and members for 10,000 zones follow planQuota and the capacity', () => {
    // 150 zones × 2 datasets = 30 queries per 30 s poll = 300 per 5 min: one token's whole quota; 160 are over.
    expect(tokensFor(150, 30_000)).toBe(1);
    expect(tokensFor(160, 30_000)).toBe(2);
    expect(tokensFor(160, 60_000)).toBe(1);
    const n = needsFor(10_000, 1_000, 2, 30);
    expect(n.members).toBe(20);
    expect(n.zonesPerMember).toBe(1_000);
    expect(n.tokens).toBe(n.members * n.tokensPerMember);
    expect(needsFor(10_000, 1_000, 2, 60).tokensPerMember).toBeLessThan(n.tokensPerMember);
  });
});

describe('keeps up', () => {
  const ok: ScaleRunResult = {
    options: { zones: 10, minutes: 2, warmupMinutes: 1, speed: 1, seed: 1, pollIntervalS: 30 },
    datasets: ['http_requests'],
    measuredMinutes: 2,
    wallS: 180,
    cpuS: 1,
    rssEndMiB: 100,
    rssPeakMiB: 120,
    heapEndMiB: 50,
    loopMaxMs: 200,
    loopP99Ms: 50,
    polls: 4,
    overruns: 0,
    pollBuckets: [
      [10, 4],
      [30, 4],
      [Infinity, 4],
    ],
    queries: 8,
    queryResults: { ok: 8 },
    pointsIngested: 10_000,
    pointsEmitted: 1_000,
    pointsSent: 990,
    queueEnd: 0,
    simQueries: 10,
    simRateLimited: 0,
    simCpuS: 1,
    load: { before: [1, 1, 1], after: [1, 1, 1] },
  };
  const failing = (r: ScaleRunResult): number => keepsUp(r).filter((c) => !c.pass).length;

  it('passes a run that polled on time, pushed everything and answered', () => {
    expect(failing(ok)).toBe(0);
  });

  it('fails an overrun, a slow poll, a missed poll, a growing queue, a stalled loop, a refused query', () => {
    expect(failing({ ...ok, overruns: 1 })).toBe(1);
    expect(
      failing({
        ...ok,
        pollBuckets: [
          [30, 3],
          [45, 4],
          [Infinity, 4],
        ],
      }),
    ).toBe(1);
    expect(
      failing({
        ...ok,
        polls: 2,
        pollBuckets: [
          [30, 2],
          [Infinity, 2],
        ],
      }),
    ).toBe(1);
    expect(failing({ ...ok, queueEnd: 5 })).toBe(1);
    expect(failing({ ...ok, pointsSent: 500 })).toBe(1);
    expect(failing({ ...ok, loopP99Ms: 2_000 })).toBe(1);
    expect(failing({ ...ok, queryResults: { ok: 7, retry: 1 } })).toBe(1);
  });
});

describe.skipIf(!BUILT || !HAVE_VM)('scale bench harness (10 zones, 14 virtual minutes at 15x)', () => {
  it('measures real work: polls, points and queries agree with the simulator, VictoriaMetrics holds the truth', async () => {
    const zones = 10;
    const run = await runScale(
      { zones, minutes: 12, warmupMinutes: 2, speed: 15, seed: 3, pollIntervalS: 30 },
      { vmBinary: VM_BINARY! },
    );
    try {
      const r = run.result;
      // One query per dataset per poll for 10 zones; a poll straddling either end of the window counts in part.
      expect(r.polls).toBeGreaterThan(0);
      expect(Math.abs(r.queries - 2 * r.polls)).toBeLessThanOrEqual(2);
      expect(r.queries).toBe(r.queryResults['ok']);
      expect(r.simQueries).toBeGreaterThanOrEqual(r.queries);
      expect(r.simRateLimited).toBe(0);
      expect(r.measuredMinutes).toBeGreaterThan(11.9); // the two clocks agree to a few ms
      expect(r.cpuS).toBeGreaterThan(0);
      expect(r.rssPeakMiB).toBeGreaterThanOrEqual(r.rssEndMiB);
      // Every poll re-reads the lookback: many more points ingested than pushed.
      expect(r.pointsIngested).toBeGreaterThan(r.pointsEmitted * 5);
      expect(r.pointsSent).toBeGreaterThan(0);
      const fit = scaleFit([r], 30, 4096);
      expect(fit.cpuPoll.slope).toBeGreaterThan(0);
      // Minutes final and pushed well before the stop (every model settles within 11 minutes).
      const score = await verifyInVm(run, 3, zones, run.baseMs - 5 * MIN, run.endMs - 12 * MIN);
      expect(score.expected).toBeGreaterThan(zones * 7 * 20);
      expect(score.lost).toBe(0);
      expect(score.wrong).toBe(0);
      expect(score.unexpected).toBe(0);
      expect(score.truthChecked).toBe(zones * 7);
      expect(score.truthMatched).toBe(score.truthChecked);
    } finally {
      await run.cleanup();
    }
  }, 180_000);
});
