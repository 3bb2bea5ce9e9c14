import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VictoriaMetricsProcess, victoriaMetricsBinary } from '@settle/exporter-vm/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRulesYaml } from '../src/index.js';
import { haveVmalert, vmalert } from './support/vmalert.js';

const RULES = join(import.meta.dirname, '..', 'settle-alerts.yaml');
const MINUTE = 60_000;

describe.skipIf(!haveVmalert)('settle-alerts.yaml', () => {
  it('passes vmalert -dryRun', async () => {
    const r = await vmalert(['-dryRun', `-rule=${RULES}`]);
    expect(r.code, r.output).toBe(0);
  });

  it('vmalert -dryRun rejects a broken expression (the check can fail)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'settle-rules-'));
    try {
      const file = join(dir, 'rules.yaml');
      await writeFile(
        file,
        alertRulesYaml([
          {
            alert: 'Broken',
            expr: 'sum(rate(x[5m]) >',
            for: '0m',
            labels: { severity: 'warning' },
            annotations: { summary: '', description: '' },
          },
        ]),
      );
      const r = await vmalert(['-dryRun', `-rule=${file}`]);
      expect(r.code).not.toBe(0);
      expect(r.output).toContain('Broken');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Two rules unit-tested on synthetic history (vmalert-tool is not packaged in Debian, so vmalert's replay mode
 * stands in): series are imported into a real VictoriaMetrics, vmalert replays the whole rule file over them
 * and writes its ALERTS series back, and exactly the expected alerts must have fired.
 */
describe.skipIf(!haveVmalert || victoriaMetricsBinary() === undefined)(
  'alert rules replayed on synthetic history',
  () => {
    let vm: VictoriaMetricsProcess;
    const toMs = Math.floor((Date.now() - 2 * 60 * MINUTE) / MINUTE) * MINUTE;
    const fromMs = toMs - 60 * MINUTE;

    beforeAll(async () => {
      vm = new VictoriaMetricsProcess();
      await vm.start();
      const lines: string[] = [];
      const sample = (name: string, labels: string, value: number, ms: number): void =>
        void lines.push(`${name}{instance="settle:8888",job="settle",${labels}} ${value} ${ms}`);
      for (let i = 0; i <= 60; i++) {
        const t = fromMs + i * MINUTE;
        // The victoriametrics exporter's queue grows by one batch a minute (backend unreachable); otlp's stays empty.
        sample('settle_exporter_queue_size', 'exporter="victoriametrics"', i, t);
        sample('settle_exporter_queue_size', 'exporter="otlp"', 0, t);
        sample('settle_exporter_queue_capacity', 'exporter="victoriametrics"', 10_000, t);
        sample('settle_exporter_queue_capacity', 'exporter="otlp"', 10_000, t);
        // Receiver "eu" gets three rate-limited answers at minute 40; "us" only ever succeeds.
        sample('settle_cloudflare_queries_total', 'receiver="eu",result="ok"', i * 12, t);
        sample('settle_cloudflare_queries_total', 'receiver="eu",result="rate_limited"', i < 40 ? 0 : 3, t);
        sample('settle_cloudflare_queries_total', 'receiver="us",result="ok"', i * 12, t);
        sample('settle_cloudflare_rate_limit_remaining', 'receiver="us"', 200, t);
        sample('settle_cloudflare_newest_bucket_lag_seconds', 'receiver="us",dataset="http_requests"', 75, t);
        sample('up', '', 1, t);
      }
      const res = await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: lines.join('\n') });
      expect(res.status).toBe(204);
      await vm.forceFlush();
    }, 60_000);

    afterAll(async () => {
      await vm?.cleanup();
    });

    it('fires SettleExporterQueueGrowing and SettleCloudflareRateLimited for the faulty components only', async () => {
      const r = await vmalert([
        `-rule=${RULES}`,
        `-datasource.url=${vm.url}`,
        `-remoteWrite.url=${vm.url}`,
        `-replay.timeFrom=${new Date(fromMs).toISOString()}`,
        `-replay.timeTo=${new Date(toMs).toISOString()}`,
        '-replay.rulesDelay=0s',
        '-replay.disableProgressBar',
        '-loggerLevel=ERROR',
        '-datasource.queryStep=1m', // the default (5m) would skip evaluations and reset `for`
      ]);
      expect(r.code, r.output).toBe(0);
      await vm.forceFlush();
      const series = await vm.export('ALERTS{alertstate="firing"}');
      const fired = series.map((s) => `${s.metric['alertname']} ${s.metric['exporter'] ?? s.metric['receiver'] ?? ''}`);
      expect([...new Set(fired)].sort()).toEqual([
        'SettleCloudflareRateLimited eu',
        'SettleExporterQueueGrowing victoriametrics',
      ]);
      const growing = series.find((s) => s.metric['alertname'] === 'SettleExporterQueueGrowing');
      // 15 minutes of window, then 15 minutes of `for`: never before minute 30 of the growth.
      expect(Math.min(...(growing?.timestamps ?? [0]))).toBeGreaterThanOrEqual(fromMs + 30 * MINUTE);
    }, 60_000);
  },
);
