import { type Batch } from '@settle/core';
import { batchOf } from '@settle/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSING_VM_MESSAGE, VictoriaMetricsProcess, victoriaMetricsBinary } from '../testing/index.js';
import { sendAll } from './support/run-exporter.js';

const HAVE_VM = victoriaMetricsBinary() !== undefined;
if (!HAVE_VM) console.warn(MISSING_VM_MESSAGE);

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const THREE_DAYS_AGO = NOW - 3 * 24 * 60 * MINUTE;
const TEN_MIN_AGO = NOW - 10 * MINUTE;

function requests(name: string, zone: string, buckets: [startMs: number, value: number][]): Batch {
  return batchOf(
    { name, kind: 'sum', temporality: 'delta', monotonic: true },
    buckets.map(([startMs, value]) => ({
      attributes: { zone, status: 200 },
      startMs,
      timeMs: startMs + MINUTE,
      value,
    })),
    { account: 'acme' },
    { origin: 'backfill' },
  );
}

describe.skipIf(!HAVE_VM)('victoriametrics exporter → real VictoriaMetrics (import API)', () => {
  const vm = new VictoriaMetricsProcess();

  beforeAll(async () => {
    await vm.start();
  }, 60_000);

  afterAll(async () => {
    await vm.cleanup();
  }, 60_000);

  it('stores every point at its exact bucket-start timestamp and value', async () => {
    const buckets: [number, number][] = [
      [THREE_DAYS_AGO, 1],
      [THREE_DAYS_AGO + MINUTE, 2.5],
      [TEN_MIN_AGO, 1e15],
      [TEN_MIN_AGO + MINUTE, 0],
    ];
    await sendAll({ endpoint: vm.url, extra_labels: { env: 'test' } }, [
      requests('exact_requests', 'a.example', buckets),
      requests('exact_requests', 'b.example', [[TEN_MIN_AGO, 42]]),
    ]);
    const series = await vm.export('exact_requests');
    expect(series).toEqual([
      {
        metric: { __name__: 'exact_requests', account: 'acme', env: 'test', status: '200', zone: 'a.example' },
        values: buckets.map(([, v]) => v),
        timestamps: buckets.map(([t]) => t),
      },
      {
        metric: { __name__: 'exact_requests', account: 'acme', env: 'test', status: '200', zone: 'b.example' },
        values: [42],
        timestamps: [TEN_MIN_AGO],
      },
    ]);
  });

  it('posts under the endpoint path (vminsert /insert/0/prometheus, a VictoriaMetrics behind a prefix)', async () => {
    const prefixed = new VictoriaMetricsProcess({ pathPrefix: '/insert/0/prometheus' });
    await prefixed.start();
    try {
      for (const format of ['import', 'remote_write'] as const) {
        const run = await sendAll({ endpoint: `${prefixed.url}/`, format }, [
          requests(`prefixed_${format}`, 'a.example', [[TEN_MIN_AGO, 3]]),
        ]);
        expect(run.lines.filter((l) => l.level >= 40)).toEqual([]);
        const [s] = await prefixed.export(`prefixed_${format}`);
        expect(s?.values).toEqual([3]);
      }
    } finally {
      await prefixed.cleanup();
    }
  }, 60_000);

  it('uses the bucket end with timestamp: end, uncompressed', async () => {
    await sendAll({ endpoint: vm.url, timestamp: 'end', compression: 'none' }, [
      requests('end_requests', 'a.example', [[TEN_MIN_AGO, 7]]),
    ]);
    const [s] = await vm.export('end_requests');
    expect(s?.timestamps).toEqual([TEN_MIN_AGO + MINUTE]);
    expect(s?.values).toEqual([7]);
  });

  it('sends the latest revision when a batch holds two values for one bucket', async () => {
    await sendAll({ endpoint: vm.url }, [
      requests('revised_requests', 'a.example', [
        [TEN_MIN_AGO, 5],
        [TEN_MIN_AGO + MINUTE, 1],
        [TEN_MIN_AGO, 9],
      ]),
    ]);
    const [s] = await vm.export('revised_requests');
    expect(s?.timestamps).toEqual([TEN_MIN_AGO, TEN_MIN_AGO + MINUTE]);
    expect(s?.values).toEqual([9, 1]);
  });

  it('a request merged from queued batches never carries two values for one bucket (the newest wins)', async () => {
    // Without dedup VictoriaMetrics stores every sample it receives, so the export shows each one sent.
    const raw = new VictoriaMetricsProcess({ extraArgs: ['-dedup.minScrapeInterval=0'] });
    await raw.start();
    try {
      // A long flush interval: both batches wait in the queue and leave as one merged request at shutdown.
      await sendAll({ endpoint: raw.url, batch: { flush_interval: '1m' } }, [
        requests('merged_requests', 'a.example', [
          [TEN_MIN_AGO, 5],
          [TEN_MIN_AGO + MINUTE, 1],
        ]),
        requests('merged_requests', 'a.example', [
          [TEN_MIN_AGO, 9],
          [TEN_MIN_AGO + 2 * MINUTE, 3],
        ]),
      ]);
      const series = await raw.export('merged_requests');
      expect(series.map((s) => [s.timestamps, s.values])).toEqual([
        [
          [TEN_MIN_AGO, TEN_MIN_AGO + MINUTE, TEN_MIN_AGO + 2 * MINUTE],
          [9, 1, 3],
        ],
      ]);
    } finally {
      await raw.cleanup();
    }
  }, 60_000);

  it('does not send what VictoriaMetrics would drop silently, counts and logs it once', async () => {
    const bad: Batch = {
      resource: {},
      metrics: [
        {
          descriptor: { name: 'checked_requests', kind: 'gauge' },
          points: [
            { attributes: { ok: 'yes' }, timeMs: TEN_MIN_AGO, value: 1 },
            { attributes: { ok: 'nan' }, timeMs: TEN_MIN_AGO, value: Number.NaN },
            { attributes: { ok: 'inf' }, timeMs: TEN_MIN_AGO, value: Number.POSITIVE_INFINITY },
            { attributes: { ok: 'old' }, timeMs: NOW - 40 * 24 * 60 * MINUTE, value: 1 },
            { attributes: { ok: 'future' }, timeMs: NOW + 3 * 24 * 60 * MINUTE, value: 1 },
            { attributes: { 'bad-label': 'x' }, timeMs: TEN_MIN_AGO, value: 1 },
          ],
        },
        {
          descriptor: { name: 'bad.metric-name', kind: 'gauge' },
          points: [{ attributes: {}, timeMs: TEN_MIN_AGO, value: 1 }],
        },
      ],
    };
    const run = await sendAll({ endpoint: vm.url }, [bad, bad]);
    const series = await vm.export('checked_requests');
    expect(series.map((s) => s.metric.ok)).toEqual(['yes']);
    const rejected = (reason: string) => run.metrics.value('settle_exporter_rejected_points', { reason });
    expect(await rejected('non_finite_value')).toBe(4);
    expect(await rejected('too_old')).toBe(2);
    expect(await rejected('too_far_in_future')).toBe(2);
    expect(await rejected('invalid_label_name')).toBe(2);
    expect(await rejected('invalid_metric_name')).toBe(2);
    expect(await run.metrics.value('settle_exporter_sent_points')).toBe(2);
    expect(await run.metrics.value('settle_exporter_dropped_points', { reason: 'invalid' })).toBe(12);
    const warnings = run.lines.filter((l) => l.level === 40 && l.msg.startsWith('points not sent'));
    expect(warnings.map((w) => w.reason).sort()).toEqual([
      'invalid_label_name',
      'invalid_metric_name',
      'non_finite_value',
      'too_far_in_future',
      'too_old',
    ]);
  });

  it('stores exact points through remote write (snappy protobuf) too', async () => {
    const buckets: [number, number][] = [
      [THREE_DAYS_AGO, 3],
      [TEN_MIN_AGO, 0.125],
    ];
    await sendAll({ endpoint: vm.url, format: 'remote_write' }, [requests('rw_requests', 'a.example', buckets)]);
    expect(await vm.export('rw_requests')).toEqual([
      {
        metric: { __name__: 'rw_requests', account: 'acme', status: '200', zone: 'a.example' },
        values: [3, 0.125],
        timestamps: [THREE_DAYS_AGO, TEN_MIN_AGO],
      },
    ]);
  });

  it('drops a batch VictoriaMetrics refuses (400) instead of retrying it', async () => {
    // A remote-write body that is not snappy: VictoriaMetrics answers 400.
    const run = await sendAll({ endpoint: vm.url, format: 'remote_write', remote_write_path: '/api/v1/import/csv' }, [
      requests('refused_requests', 'a.example', [[TEN_MIN_AGO, 1]]),
    ]);
    expect(await run.metrics.value('settle_exporter_dropped_points', { reason: 'permanent_error' })).toBe(1);
    expect(await run.metrics.value('settle_exporter_retries')).toBe(0);
  });

  it('never made VictoriaMetrics count an invalid row', async () => {
    expect(await vm.selfMetric('vm_rows_invalid_total')).toBe(0);
  });
});
