// Throughput of the victoriametrics exporter against a real local VictoriaMetrics:
//   points/s encoded + sent + accepted, exporter CPU µs/point, persistent queue vs memory queue.
// Run: pnpm bench (builds first), or node --expose-gc dist/bench/vm-throughput.js
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type Batch,
  FileStorage,
  MemoryStorage,
  createDeliveryExporter,
  silentLogger,
  systemClock,
  withHandoff,
} from '@settle/core';
import { RecordingHost, createMetricsRecorder, createTestContext } from '@settle/core/testing';
import { VmSender, groupSeries, encodeImport, vmConfigSchema } from '../src/index.js';
import { MISSING_VM_MESSAGE, VictoriaMetricsProcess, victoriaMetricsBinary } from '../testing/index.js';

const SERIES = 500;
const STEPS = 20; // points per series per batch: 10,000 points per batch
const BATCHES = 150; // 1.5 M points per run
const BASE = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 86_400_000;

function makeBatches(name: string): Batch[] {
  const out: Batch[] = [];
  for (let b = 0; b < BATCHES; b++) {
    out.push({
      resource: { account: 'bench' },
      metrics: [
        {
          descriptor: { name, kind: 'sum', temporality: 'delta', monotonic: true },
          points: Array.from({ length: SERIES * STEPS }, (_, k) => {
            const s = k % SERIES;
            const step = b * STEPS + Math.floor(k / SERIES);
            return {
              attributes: { zone: `zone${s % 50}.example`, status: String(200 + (s % 10)), colo: `c${s}` },
              startMs: BASE + step * 60_000,
              timeMs: BASE + (step + 1) * 60_000,
              value: (step * 7 + s) * 1.5,
            };
          }),
        },
      ],
    });
  }
  return out;
}

const points = BATCHES * SERIES * STEPS;
const cpuMicros = (u: NodeJS.CpuUsage) => u.user + u.system;

function encodeOnly(batches: Batch[]): number {
  const start = process.cpuUsage();
  for (const b of batches) {
    const g = groupSeries(b, { timestamp: 'start', extraLabels: {}, minMs: 0, maxMs: Number.MAX_SAFE_INTEGER });
    encodeImport(g.series);
  }
  return cpuMicros(process.cpuUsage(start)) / points;
}

/** `resend`: resend_window (the default 15 s, or 0); `stamped`: every batch carries a handoff identity. */
async function endToEnd(
  vm: VictoriaMetricsProcess,
  name: string,
  storage: 'memory' | 'disk',
  fsync = true,
  resend = '15s',
  stamped = false,
) {
  const dir = storage === 'disk' ? await mkdtemp(join(tmpdir(), 'settle-bench-')) : undefined;
  const ctx = createTestContext({
    id: 'victoriametrics',
    kind: 'exporter',
    clock: systemClock,
    logger: silentLogger(),
    meter: createMetricsRecorder().meter,
    storage: dir === undefined ? new MemoryStorage() : new FileStorage(dir),
  });
  const config = vmConfigSchema.parse({
    endpoint: vm.url,
    sending_queue: { storage: storage === 'disk', fsync, queue_size: 1_000 },
    batch: { flush_interval: '0' },
    resend_window: resend,
  });
  const made = makeBatches(name);
  const batches = stamped ? made.map((b, seq) => withHandoff(b, { source: 'bench', seq })) : made;
  (globalThis as { gc?: () => void }).gc?.();
  const before = await vm.selfMetric('vm_rows_inserted_total');
  const exporter = createDeliveryExporter(ctx, config, new VmSender(ctx, config));
  await exporter.start(new RecordingHost());
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (const b of batches) await exporter.consume(b);
  await exporter.shutdown(); // drains: every request was answered
  const seconds = (performance.now() - t0) / 1000;
  const micros = cpuMicros(process.cpuUsage(cpu));
  const accepted = (await vm.selfMetric('vm_rows_inserted_total')) - before;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  return { pointsPerSecond: points / seconds, cpuPerPoint: micros / points, accepted, seconds };
}

async function main(): Promise<void> {
  if (victoriaMetricsBinary() === undefined) {
    console.warn(MISSING_VM_MESSAGE);
    return;
  }
  const vm = new VictoriaMetricsProcess();
  await vm.start();
  try {
    console.log(
      `victoriametrics exporter benchmark: ${points.toLocaleString()} points per run, ${SERIES} series × ${STEPS} steps per batch`,
    );
    console.log(
      `machine load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    encodeOnly(makeBatches('warmup')); // JIT warm-up
    console.log(
      `encode only (validate + group + JSON lines, no gzip): ${encodeOnly(makeBatches('enc')).toFixed(3)} µs CPU/point`,
    );
    await endToEnd(vm, 'bench_warmup', 'memory');
    const runs: Record<string, Awaited<ReturnType<typeof endToEnd>>> = {};
    for (const [label, storage, fsync, resend, stamped] of [
      ['memory queue', 'memory', true, '15s', false],
      ['persistent queue, fsync', 'disk', true, '15s', false],
      ['persistent queue, no fsync', 'disk', false, '15s', false],
      // The cost of issue 20's delivery features, side by side with the run above:
      ['persistent, fsync, resend 0', 'disk', true, '0', false],
      ['persistent, fsync, stamped', 'disk', true, '15s', true],
    ] as const) {
      const r = await endToEnd(vm, `bench_${label.replace(/\W+/g, '_')}`, storage, fsync, resend, stamped);
      runs[label] = r;
      console.log(
        `${label.padEnd(28)} ${Math.round(r.pointsPerSecond).toLocaleString().padStart(10)} points/s end to end, ` +
          `${r.cpuPerPoint.toFixed(3)} µs exporter CPU/point, accepted by VictoriaMetrics: ${r.accepted.toLocaleString()}`,
      );
    }
    const mem = runs['memory queue'];
    const base = runs['persistent, fsync, resend 0'];
    for (const label of ['persistent queue, fsync', 'persistent, fsync, stamped']) {
      const r = runs[label];
      if (base === undefined || r === undefined) continue;
      console.log(
        `${label} vs resend 0: ${(base.pointsPerSecond / r.pointsPerSecond).toFixed(2)}× wall time, ` +
          `${(r.cpuPerPoint / base.cpuPerPoint).toFixed(2)}× CPU`,
      );
    }
    for (const label of ['persistent queue, fsync', 'persistent queue, no fsync']) {
      const r = runs[label];
      if (mem === undefined || r === undefined) continue;
      console.log(
        `${label} vs memory: ${(mem.pointsPerSecond / r.pointsPerSecond).toFixed(2)}× wall time, ` +
          `${(r.cpuPerPoint / mem.cpuPerPoint).toFixed(2)}× CPU (target ≤ 1.5×)`,
      );
    }
    console.log(`targets: ≥ 300,000 points/s end to end, ≤ 2 µs exporter CPU/point`);
    console.log(
      `machine load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await vm.cleanup();
  }
}

await main();
