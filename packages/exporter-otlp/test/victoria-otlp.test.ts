import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStorage, systemClock, type Batch, type Storage } from '@settle/core';
import { createTestContext, RecordingHost } from '@settle/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpConfigSchema } from '../src/config/schema.js';
import { createOtlpExporter } from '../src/otlp-definition.js';
import { bucket, MINUTE, REQUESTS } from './support/batches.js';
import { LogCapture } from './support/log-capture.js';
import { MISSING_BINARY, Victoria, victoriaBinary, type ExportedSeries } from './support/victoria.js';

const HAVE_VM = victoriaBinary() !== undefined;
if (!HAVE_VM) console.warn(MISSING_BINARY);

// Source times 3 days and 10 minutes old: VictoriaMetrics must store them as sent, not at arrival time.
const NOW_MIN = Math.floor(Date.now() / MINUTE) * MINUTE;
const OLD = NOW_MIN - 3 * 24 * 60 * MINUTE;
const RECENT = NOW_MIN - 10 * MINUTE;

describe.skipIf(!HAVE_VM)('otlp exporter → real VictoriaMetrics 1.112 (protobuf + gzip)', () => {
  const vm = new Victoria();
  const dirs: string[] = [];

  beforeAll(async () => {
    await vm.start();
  }, 60_000);

  afterAll(async () => {
    await vm.cleanup();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  async function run(config: Record<string, unknown>, batches: Batch[], storage?: Storage): Promise<LogCapture> {
    const logs = new LogCapture();
    const ctx = createTestContext({
      id: 'otlp',
      kind: 'exporter',
      clock: systemClock,
      logger: logs.logger,
      ...(storage === undefined ? {} : { storage }),
    });
    const exp = await createOtlpExporter(
      ctx,
      otlpConfigSchema.parse({ metrics_endpoint: vm.otlpUrl, batch: { flush_interval: '0' }, ...config }),
      {},
    );
    await exp.start(new RecordingHost());
    for (const b of batches) await exp.consume(b);
    await exp.shutdown(); // drains the queue: everything has been answered when this resolves
    return logs;
  }

  function series(name: string, points: ReturnType<typeof bucket>[]): Batch {
    return { resource: { account: 'acme' }, metrics: [{ descriptor: { ...REQUESTS, name }, points }] };
  }

  it('gauge mode stores every bucket at its bucket end with its exact value', async () => {
    const name = 'gauge_requests';
    const points = [
      bucket(OLD, 12, { zone: 'a.example' }),
      bucket(OLD + MINUTE, 0.25, { zone: 'a.example' }),
      bucket(RECENT, 9_007_199_254, { zone: 'a.example' }),
      bucket(OLD, 3, { zone: 'b.example', status: '503' }),
    ];
    const invalidBefore = await vm.selfMetric('vm_rows_invalid_total');
    const logs = await run({ temporality: 'gauge', resource_attributes: { 'service.name': 'settle' } }, [
      series(name, points),
    ]);
    expect(logs.lines.filter((l) => Number(l.level) >= 50)).toEqual([]);

    const got = await vm.export(`{__name__="${name}"}`);
    const byZone = new Map(got.map((s): [string, ExportedSeries] => [s.metric.zone ?? '', s]));
    expect([...byZone.keys()].sort()).toEqual(['a.example', 'b.example']);
    expect(byZone.get('a.example')?.metric).toMatchObject({ account: 'acme', 'service.name': 'settle' });
    expect(byZone.get('b.example')?.metric.status).toBe('503');
    expect(byZone.get('a.example')?.timestamps).toEqual([OLD + MINUTE, OLD + 2 * MINUTE, RECENT + MINUTE]);
    expect(byZone.get('a.example')?.values).toEqual([12, 0.25, 9_007_199_254]);
    expect(byZone.get('b.example')?.timestamps).toEqual([OLD + MINUTE]);
    expect(byZone.get('b.example')?.values).toEqual([3]);
    expect(await vm.selfMetric('vm_rows_invalid_total')).toBe(invalidBefore);
  });

  it('cumulative mode stores non-decreasing running totals that survive a restart and a revision', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-vm-cumulative-'));
    dirs.push(dir);
    const name = 'cumulative_requests';
    const z = { zone: 'a.example' };
    await run(
      { temporality: 'cumulative' },
      [series(name, [bucket(OLD, 5, z), bucket(OLD + MINUTE, 7, z)])],
      new FileStorage(dir),
    );
    // A new process on the same data directory: a revision of the first bucket (+4), then two new buckets.
    await run(
      { temporality: 'cumulative' },
      [
        series(name, [bucket(OLD, 9, z)]),
        series(name, [bucket(OLD + 2 * MINUTE, 1, z), bucket(OLD + 3 * MINUTE, 2, z)]),
      ],
      new FileStorage(dir),
    );
    const [s] = await vm.export(`{__name__="${name}"}`);
    expect(s?.timestamps).toEqual([OLD + MINUTE, OLD + 2 * MINUTE, OLD + 3 * MINUTE, OLD + 4 * MINUTE]);
    expect(s?.values).toEqual([5, 12, 17, 19]);
  });

  it('delta mode: VictoriaMetrics accepts the request but skips delta sums (why gauge/cumulative exist)', async () => {
    const name = 'delta_requests';
    const witness = { descriptor: { name: 'delta_witness', kind: 'gauge' as const }, points: [bucket(OLD, 1)] };
    const batch: Batch = {
      resource: {},
      metrics: [{ descriptor: { ...REQUESTS, name }, points: [bucket(OLD, 5)] }, witness],
    };
    await run({ temporality: 'delta' }, [batch]);
    // The gauge from the same request is stored, so the request was processed; the delta sum was dropped.
    expect((await vm.export('{__name__="delta_witness"}'))[0]?.values).toEqual([1]);
    expect(await vm.export(`{__name__="${name}"}`)).toEqual([]);
  });
});
