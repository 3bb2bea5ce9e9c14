import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MISSING_VM_MESSAGE, VictoriaMetricsProcess, victoriaMetricsBinary } from '../testing/index.js';
import type { ExportedSeries } from '../testing/index.js';
import { startExporter } from './support/run-exporter.js';
import { streamBatch } from './support/stream.js';

const HAVE_VM = victoriaMetricsBinary() !== undefined;
if (!HAVE_VM) console.warn(MISSING_VM_MESSAGE);

const BASE = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
const FAST_RETRY = { initial_interval: '50ms', max_interval: '500ms', max_elapsed_time: '0' };

/** Every batch 0..count-1 arrived once per series (after dedup) with its exact time and value. */
function expectComplete(series: ExportedSeries[], count: number, perBatch: number): void {
  expect(series).toHaveLength(perBatch);
  for (const s of series) {
    const idx = Number(s.metric.series?.slice(1));
    const expected = Array.from({ length: count }, (_, i) => i);
    const pairs = s.timestamps.map((t, k) => [t, s.values[k]]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    expect(pairs).toEqual(expected.map((i) => [BASE + i * 1000, i * 10 + idx]));
  }
}

describe.skipIf(!HAVE_VM)('delivery through outages (real VictoriaMetrics)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  }, 60_000);

  it('VictoriaMetrics stopped mid-stream and restarted: every point arrives, none twice', async () => {
    const vm = new VictoriaMetricsProcess();
    cleanups.push(() => vm.cleanup());
    await vm.start();
    const run = await startExporter({
      endpoint: vm.url,
      batch: { flush_interval: '20ms' },
      retry_on_failure: FAST_RETRY,
      sending_queue: { drain_timeout: '60s' },
    });
    const total = 200;
    for (let i = 0; i < total; i++) {
      if (i === 60) await vm.stop(); // SIGTERM: what VictoriaMetrics acknowledged is on its disk
      if (i === 140) await vm.start(); // same data directory and port
      await run.exporter.consume(streamBatch(BASE, i, 4, 'outage_vm'));
      await delay(5);
    }
    await run.exporter.shutdown();
    expect(await run.metrics.value('settle_exporter_retries')).toBeGreaterThan(0);
    expect(await run.metrics.value('settle_exporter_dropped_points')).toBe(0);
    expectComplete(await vm.export('outage_vm'), total, 4);
    expect(await vm.selfMetric('vm_rows_invalid_total')).toBe(0);
  }, 120_000);

  it('settle SIGKILLed mid-stream with a persistent queue, then restarted: every point arrives', async () => {
    const vm = new VictoriaMetricsProcess();
    cleanups.push(() => vm.cleanup());
    await vm.start();
    const dataDir = await mkdtemp(join(tmpdir(), 'settle-crash-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const total = 300;

    // First run: VictoriaMetrics goes away at batch 100, so batches 100.. are only in the persistent queue
    // when the process is killed at batch 150.
    const first = producer([vm.url, dataDir, String(BASE), '0', String(total), '3']);
    let lastAcked = -1;
    for await (const line of first.lines) {
      lastAcked = Number(line.split(' ')[1]);
      if (lastAcked === 100) await vm.stop();
      if (lastAcked === 150) break;
    }
    process.kill(first.child.pid ?? 0, 'SIGKILL');
    await first.exited;
    await vm.start();

    // Second run: replays the queue, then carries on from the first batch the killed run had not acknowledged.
    const second = producer([vm.url, dataDir, String(BASE), String(lastAcked + 1), String(total), '3', 'graceful']);
    const out: string[] = [];
    for await (const line of second.lines) out.push(line);
    expect(await second.exited).toBe(0);
    expect(out.at(-1)).toBe('done');
    const replay = second.stderr().find((l) => l.includes('replaying batches left in the persistent queue'));
    expect(replay).toBeDefined();
    expect((JSON.parse(replay ?? '{}') as { batches: number }).batches).toBeGreaterThanOrEqual(50);
    expectComplete(await vm.export('settle_stream_test'), total, 3);
    expect(await vm.selfMetric('vm_rows_invalid_total')).toBe(0);
  }, 120_000);
});

const LOADER = fileURLToPath(new URL('./support/ts-loader.mjs', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./support/producer.ts', import.meta.url));

/** Runs the producer script in a child Node process (TypeScript through the small loader). */
function producer(args: string[]): {
  child: ChildProcess;
  lines: AsyncIterable<string>;
  exited: Promise<number | null>;
  stderr: () => string[];
} {
  const child = spawn(process.execPath, ['--conditions=@settle/source', '--import', LOADER, SCRIPT, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errLines: string[] = [];
  createInterface({ input: child.stderr }).on('line', (l) => errLines.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines: createInterface({ input: child.stdout }), exited, stderr: () => errLines };
}
