import { afterAll, describe, expect, it } from 'vitest';
import { HaCluster, expectCleanFailover, haSkipReason, runFailover, type FailoverPlan } from './support/ha/index.js';

// The HA failover test of ha-cluster.test.ts with a real vmagent (Debian's victoria-metrics package ships
// /usr/bin/vmagent) between the members and VictoriaMetrics. The victoriametrics exporter posts
// `/api/v1/import` (JSON lines, gzip) to its endpoint and reads `process_start_time_seconds` on `/metrics` for
// its restart probe; vmagent serves both on its -httpListenAddr with no extra flag (`endpoint:` is vmagent's
// base URL), and forwards by remote write to VictoriaMetrics' /api/v1/write (-remoteWrite.url) through its own
// disk queue (-remoteWrite.tmpDataPath). Dedup stays in VictoriaMetrics (1.112, -dedup.minScrapeInterval); vmagent is Debian's 1.79.
const SKIP = haSkipReason('vmagent');
if (SKIP !== undefined) console.warn(`SKIPPING the HA vmagent test: ${SKIP}`);

// The same plan as ha-cluster.test.ts: member 1 down from virtual minute 3 to 17 (longer than its lookback).
const PLAN: FailoverPlan = { member: 1, killAt: 3, restartAt: 17, endAt: 34, checkTo: 14 };

describe.skipIf(SKIP !== undefined)('3 settle members (replication 2) → vmagent → VictoriaMetrics with dedup', () => {
  const cluster = new HaCluster({ members: 3, replication: 2, zones: 60, speed: 30, via: 'vmagent' });
  afterAll(() => cluster.close(), 60_000);

  it('one member SIGKILLed for 14 virtual minutes (longer than its lookback): every bucket once, final, each zone on exactly 2 members', async () => {
    await cluster.start();
    const result = await runFailover(cluster, PLAN);
    expectCleanFailover(result, PLAN, 'HA failover through vmagent');
    // Everything went through vmagent: it accepted at least every sample VictoriaMetrics holds for the window.
    expect(await cluster.vmagent?.rowsAccepted()).toBeGreaterThanOrEqual(result.buckets.samples);
  }, 180_000);
});
