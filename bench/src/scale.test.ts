import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { victoriaMetricsBinary } from '@settle/exporter-vm/testing';
import { describe, expect, it } from 'vitest';
import { scaleFit } from './scale-fit.js';
import { keepsUp } from './scale-keeps-up.js';
import { needsFor, tokensFor } from './scale-needs.js';
import { runScale } from './scale-run.js';
import { verifyInVm } from './scale-verify.js';

// The scale harness at a tiny size, for real (simulator and settle in their own processes, a real
// VictoriaMetrics): its accounting must match the simulator's truth, so the bench cannot measure nothing.
const BUILT = existsSync(fileURLToPath(new URL('../dist/src/scale-member.js', import.meta.url)));
const HAVE_VM = victoriaMetricsBinary() !== undefined;
const MIN = 60_000;

describe('scale bench arithmetic', () => {
  it('tokens and members for 10,000 zones follow planQuota and the capacity', () => {
    // 150 zones × 2 datasets = 30 queries per 30 s poll = 300 per 5 min: over 90 % of one token's quota.
    expect(tokensFor(130, 30_000)).toBe(1);
    expect(tokensFor(150, 30_000)).toBe(2);
    const n = needsFor(10_000, 1_000, 2, 30);
    expect(n.members).toBe(20);
    expect(n.zonesPerMember).toBe(1_000);
    expect(n.tokens).toBe(n.members * n.tokensPerMember);
    expect(needsFor(10_000, 1_000, 2, 60).tokensPerMember).toBeLessThan(n.tokensPerMember);
  });
});

describe.skipIf(!BUILT || !HAVE_VM)('scale bench harness (20 zones, 14 virtual minutes at 30x)', () => {
  it('measures real work: polls, points and queries agree with the simulator, VictoriaMetrics holds the truth', async () => {
    const zones = 20;
    const run = await runScale({ zones, minutes: 12, warmupMinutes: 2, speed: 30, seed: 3, pollIntervalS: 30 });
    try {
      const r = run.result;
      // 12 virtual minutes at a 30 s poll: 24 polls (less one in flight at either end), 2 queries each.
      expect(r.polls).toBeGreaterThanOrEqual(22);
      expect(r.queries).toBe(r.queryResults['ok']);
      expect(r.queries).toBeGreaterThanOrEqual(r.polls * 2);
      expect(r.simQueries).toBeGreaterThanOrEqual(r.queries);
      expect(r.simRateLimited).toBe(0);
      expect(r.cpuS).toBeGreaterThan(0);
      expect(r.rssPeakMiB).toBeGreaterThanOrEqual(r.rssEndMiB * 0.5);
      // Every poll re-reads the lookback: many more points ingested than pushed.
      expect(r.pointsIngested).toBeGreaterThan(r.pointsEmitted * 5);
      expect(r.pointsSent).toBeGreaterThan(0);
      expect(r.pointsSent).toBeLessThanOrEqual(r.pointsEmitted);
      const fit = scaleFit([r], 30);
      expect(fit.cpuPoll.slope).toBeGreaterThan(0);
      // Minutes final and pushed well before the stop (every model settles within 11 minutes).
      const score = await verifyInVm(run, 3, zones, run.baseMs - 5 * MIN, run.endMs - 12 * MIN);
      expect(score.expected).toBeGreaterThan(zones * 7 * 20);
      expect(score.lost).toBe(0);
      expect(score.wrong).toBe(0);
      expect(score.unexpected).toBe(0);
      expect(score.truthChecked).toBe(zones * 7);
      expect(score.truthMatched).toBe(score.truthChecked);
      expect(keepsUp(r).map((c) => c.name)).toHaveLength(6);
    } finally {
      await run.cleanup();
    }
  }, 180_000);
});
