import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { MISSING_VM_MESSAGE, VictoriaMetricsProcess, victoriaMetricsBinary } from '../testing/index.js';
import { startExporter } from './support/run-exporter.js';
import { streamBatch } from './support/stream.js';

const HAVE_VM = victoriaMetricsBinary() !== undefined;
if (!HAVE_VM) console.warn(MISSING_VM_MESSAGE);

const BASE = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
const SERIES = 20;
const KILLS = 6;
/** SETTLE_RESEND_WINDOW=0 measures the loss without the re-send (the figure in the README); the test sets 15s. */
const WINDOW = process.env.SETTLE_RESEND_WINDOW ?? '15s';

describe.skipIf(!HAVE_VM)('VictoriaMetrics SIGKILLed ~1 s after its 204 (real VictoriaMetrics 1.79)', () => {
  const vm = new VictoriaMetricsProcess();
  afterAll(() => vm.cleanup(), 60_000);

  it(`loses no bucket and leaves none at an older value (${KILLS} kills, resend_window ${WINDOW})`, async () => {
    await vm.start();
    const run = await startExporter({
      endpoint: vm.url,
      resend_window: WINDOW,
      batch: { flush_interval: '50ms' },
      retry_on_failure: { initial_interval: '100ms', max_interval: '500ms', max_elapsed_time: '0' },
      sending_queue: { drain_timeout: '60s' },
    });
    const sent = () => run.metrics.value('settle_exporter_sent_points');
    let batches = 0;
    const push = async (revision: number) => {
      // Each round revises the previous round's buckets and adds new ones: a lost final revision shows.
      for (const i of [batches - 1, batches]) if (i >= 0) await run.exporter.consume(revised(i, revision));
      batches++;
      const expected = (await sent()) + (batches > 1 ? 2 : 1) * SERIES;
      while ((await sent()) < expected) await delay(10);
    };
    for (let k = 0; k < KILLS; k++) {
      await push(k);
      await delay(1_000);
      await vm.kill();
      await vm.start(); // same data directory and port
    }
    await push(KILLS); // the next push after the last restart finds out
    await run.exporter.shutdown();
    const series = await vm.export('kill_vm');
    expect(series).toHaveLength(SERIES);
    const lost: string[] = [];
    for (const s of series) {
      const idx = Number(s.metric.series?.slice(1));
      const got = new Map(s.timestamps.map((t, k) => [t, s.values[k]]));
      for (let i = 0; i < batches; i++) {
        // Bucket i was last revised in round min(i + 1, KILLS).
        const want = expectedValue(i, Math.min(i + 1, KILLS), idx);
        if (got.get(BASE + i * 1000) !== want) lost.push(`s${idx}@${i}: ${got.get(BASE + i * 1000)} ≠ ${want}`);
      }
    }
    console.log(`backend kills: ${KILLS}, buckets lost or stale: ${lost.length} of ${batches * SERIES}`, lost);
    expect(lost).toEqual([]);
    expect(await run.metrics.value('settle_exporter_resent_points')).toBeGreaterThan(0);
  }, 120_000);
});

function expectedValue(i: number, revision: number, s: number): number {
  return i * 10 + s + revision * 1_000;
}

function revised(i: number, revision: number) {
  const b = streamBatch(BASE, i, SERIES, 'kill_vm');
  return {
    ...b,
    metrics: b.metrics.map((m) => ({
      ...m,
      points: m.points.map((p, s) => ({ ...p, value: expectedValue(i, revision, s) })),
    })),
  };
}
