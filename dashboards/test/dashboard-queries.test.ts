import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VictoriaMetricsProcess, victoriaMetricsBinary } from '@settle/exporter-vm/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_RULES, dashboardQueries, healthDashboard, trafficDashboard, type DashboardSpec } from '../src/index.js';
import { runQuery, substitute, type QueryOutcome } from './support/promql.js';
import { freePort, runSettle, scrapingVictoriaMetrics, type SettleRun } from './support/settle-run.js';

const VM_OTLP = join(import.meta.dirname, '..', '..', '.cache', 'vm-otlp', 'usr', 'bin', 'victoria-metrics');
const MINUTES = 14;
const haveVm = victoriaMetricsBinary() !== undefined;

/**
 * Panels of the health dashboard that have data only when something goes wrong (drops, retries), or once the
 * engine's per-source gauges exist. Every other panel must return data from a healthy run.
 */
const HEALTH_QUIET = new Set(['Dropped and rejected', 'Retries']);

describe.skipIf(!haveVm)('dashboards against settle → VictoriaMetrics', () => {
  let vm: VictoriaMetricsProcess;
  let otlp: VictoriaMetricsProcess | undefined;
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let run: SettleRun;
  let scrapeStartS = 0;

  beforeAll(async () => {
    const port = await freePort();
    const started = await scrapingVictoriaMetrics(port);
    vm = started.vm;
    cleanup = started.cleanup;
    if (existsSync(VM_OTLP)) {
      otlp = new VictoriaMetricsProcess({ binary: VM_OTLP, extraArgs: ['-opentelemetry.usePrometheusNaming'] });
      await otlp.start();
    }
    scrapeStartS = Math.floor(Date.now() / 1000);
    run = await runSettle(vm, port, { minutes: MINUTES, speed: 60, zones: 3, ...(otlp === undefined ? {} : { otlp }) });
    await vm.forceFlush();
    await otlp?.forceFlush();
  }, 120_000);

  afterAll(async () => {
    await run?.sim.close();
    await otlp?.cleanup();
    await cleanup();
  });

  async function trafficOutcomes(
    target: VictoriaMetricsProcess,
    d: DashboardSpec,
    stepS: number,
  ): Promise<[string, QueryOutcome][]> {
    const endS = Math.floor(run.endMs / 1000);
    const rangeS = (MINUTES + 15) * 60;
    const out: [string, QueryOutcome][] = [];
    for (const { row, panel, query } of dashboardQueries(d)) {
      const expr = substitute(query.expr, { stepSeconds: stepS, rangeSeconds: rangeS, rateIntervalSeconds: stepS * 4 });
      const o = await runQuery(target, expr, { instant: query.instant === true, startS: endS - rangeS, endS, stepS });
      out.push([`${row} / ${panel.title}: ${expr}`, o]);
    }
    return out;
  }

  it.each([60, 300])(
    'every traffic panel query parses and returns data (step %ss, victoriametrics exporter)',
    async (stepS) => {
      const outcomes = await trafficOutcomes(vm, trafficDashboard('import'), stepS);
      expect(outcomes.filter(([, o]) => !o.ok)).toEqual([]);
      expect(outcomes.filter(([, o]) => o.series === 0).map(([q]) => q)).toEqual([]);
    },
  );

  it('every panel query of the OTLP variant returns data from VictoriaMetrics 1.112 fed over OTLP', async (ctx) => {
    if (otlp === undefined) ctx.skip();
    const outcomes = await trafficOutcomes(otlp!, trafficDashboard('otlp'), 60);
    expect(outcomes.filter(([, o]) => !o.ok)).toEqual([]);
    expect(outcomes.filter(([, o]) => o.series === 0).map(([q]) => q)).toEqual([]);
  });

  it('per-step sums count every minute exactly once: the 5-minute total equals five 1-minute totals', async () => {
    const endS = Math.floor(run.endMs / 1000 / 300) * 300;
    const startS = endS - 20 * 60;
    const q = (stepS: number) =>
      substitute('sum(sum_over_time(cloudflare_zone_requests_total{zone=~"$zone"}[$__interval]))', {
        stepSeconds: stepS,
        rangeSeconds: 0,
        rateIntervalSeconds: 0,
      });
    const values = async (stepS: number): Promise<number> => {
      const params = new URLSearchParams({
        query: q(stepS),
        start: String(startS + stepS),
        end: String(endS),
        step: `${stepS}s`,
      });
      const reply = JSON.parse((await vm.get(`/api/v1/query_range?${params.toString()}`)).body) as {
        data: { result: { values: [number, string][] }[] };
      };
      return reply.data.result.flatMap((r) => r.values).reduce((a, [, v]) => a + Number(v), 0);
    };
    const [byMinute, byFive] = [await values(60), await values(300)];
    expect(byMinute).toBeGreaterThan(0);
    expect(byFive).toBe(byMinute);
  });

  it('every health panel query parses; all but the quiet ones return data from the scraped /metrics, and nothing was dropped', async () => {
    const endS = Math.floor(Date.now() / 1000);
    const failed: string[] = [];
    const empty = new Set<string>();
    const panelsWithData = new Set<string>();
    for (const { panel, query } of dashboardQueries(healthDashboard())) {
      const expr = substitute(query.expr, {
        stepSeconds: 2,
        rangeSeconds: endS - scrapeStartS,
        rateIntervalSeconds: 5,
      });
      const o = await runQuery(vm, expr, { instant: false, startS: scrapeStartS, endS, stepS: 2 });
      if (!o.ok) failed.push(`${panel.title}: ${o.error ?? ''}`);
      if (o.series > 0) panelsWithData.add(panel.title);
      else empty.add(panel.title);
    }
    expect(failed).toEqual([]);
    // A healthy run loses nothing (the drop alert would fire otherwise).
    expect(run.metricsText).not.toMatch(/^settle_exporter_dropped_points_total/m);
    const silentPanels = [...empty].filter((t) => !panelsWithData.has(t) && !HEALTH_QUIET.has(t));
    expect(silentPanels).toEqual([]);
  });

  it('every alert expression parses and runs', async () => {
    const endS = Math.floor(Date.now() / 1000);
    for (const rule of ALERT_RULES) {
      const o = await runQuery(vm, rule.expr, { instant: false, startS: scrapeStartS, endS, stepS: 2 });
      expect(o, rule.alert).toMatchObject({ ok: true });
    }
  });

  it('SettleDown sees settle gone once the service has stopped (up == 0 from the scrape)', async () => {
    await new Promise((r) => setTimeout(r, 2_000));
    await vm.forceFlush();
    const o = await runQuery(vm, 'up{job="settle"} == 0', {
      instant: true,
      startS: 0,
      endS: Math.floor(Date.now() / 1000),
      stepS: 1,
    });
    expect(o.series).toBe(1);
  });
});
