/**
 * Points/s encoded and sent over OTLP/HTTP to a real receiver (VictoriaMetrics 1.112, protobuf + gzip), and over
 * OTLP/gRPC to a grpc-js MetricsService in a worker thread (no gRPC receiver binary is installed here).
 * Prints figures and ratios only; the machine is shared, so the load average is printed alongside.
 * Run: pnpm --filter @settle/exporter-otlp bench (after scripts/fetch-vm-otlp.sh).
 */
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { createLogger, silentLogger, systemClock, type Batch, type DataPoint } from '@settle/core';
import { createTestContext, RecordingHost } from '@settle/core/testing';
import { otlpConfigSchema } from '../src/config/schema.js';
import { encodeRequest } from '../src/encode/encode-request.js';
import { toExportBatch } from '../src/mapping/export-shape.js';
import { createOtlpExporter } from '../src/otlp-definition.js';
import { OtlpSender } from '../src/otlp-sender.js';
import { MISSING_BINARY, Victoria, victoriaBinary } from '../test/support/victoria.js';
import { benchGrpc } from './grpc-throughput.js';

const MINUTE = 60_000;
const SERIES = 10_000; // one point per series per batch
const BATCHES = 60;
const BASE = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * 24 * 60 * MINUTE;
const STATUSES = ['200', '301', '304', '403', '404', '500', '502', '503', '520', '522'];

function makeBatch(index: number, metric: string): Batch {
  const points: DataPoint[] = [];
  for (let s = 0; s < SERIES; s++) {
    points.push({
      attributes: { zone: `zone-${Math.floor(s / 10)}.example.com`, status: STATUSES[s % 10]!, account: 'acme' },
      startMs: BASE + index * MINUTE,
      timeMs: BASE + (index + 1) * MINUTE,
      value: (s * 7 + index) % 1000,
    });
  }
  const batch: Batch = {
    resource: { 'service.name': 'settle-bench' },
    metrics: [{ descriptor: { name: metric, kind: 'sum', temporality: 'delta', monotonic: true }, points }],
  };
  return toExportBatch(batch, 'gauge', {});
}

function rate(points: number, ms: number): string {
  return `${Math.round((points / ms) * 1000).toLocaleString('en-US')} points/s`;
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  console.log(`otlp exporter benchmark — ${cpus().length} CPUs, load average ${load()} (machine shared with others)`);
  const batches = Array.from({ length: BATCHES }, (_, i) => makeBatch(i, 'bench_requests'));
  const total = SERIES * BATCHES;

  // 1. Encoding alone (CPU), after a warm-up pass so the JIT has settled.
  for (const b of batches.slice(0, 5)) encodeRequest(b, 'http/protobuf');
  const timed = (fn: (b: Batch) => number): { ms: number; bytes: number } => {
    const start = performance.now();
    let size = 0;
    for (const b of batches) size += fn(b);
    return { ms: performance.now() - start, bytes: size };
  };
  const proto = timed((b) => encodeRequest(b, 'http/protobuf').body.byteLength);
  const fast = timed((b) => gzipSync(encodeRequest(b, 'http/protobuf').body, { level: 1 }).byteLength);
  const dflt = timed((b) => gzipSync(encodeRequest(b, 'http/protobuf').body).byteLength);
  const json = timed((b) => encodeRequest(b, 'http/json').body.byteLength);
  const perPoint = (n: number): string => `${(n / total).toFixed(1)} B/point`;
  console.log(`encode protobuf                 ${rate(total, proto.ms)}  (${perPoint(proto.bytes)})`);
  console.log(`encode protobuf + gzip level 1  ${rate(total, fast.ms)}  (${perPoint(fast.bytes)} on the wire; used)`);
  console.log(`encode protobuf + gzip level 6  ${rate(total, dflt.ms)}  (${perPoint(dflt.bytes)} on the wire)`);
  console.log(`encode JSON                     ${rate(total, json.ms)}  (${perPoint(json.bytes)})`);
  const encodeMs = fast.ms;

  await benchGrpc(batches, (b, metric) => makeBatch(b, metric), rate, load);

  if (victoriaBinary() === undefined) {
    console.warn(MISSING_BINARY);
    return;
  }
  const vm = new Victoria();
  await vm.start();
  let t = 0;
  try {
    // 2a. The receiver's own ceiling: the same requests pre-encoded, POSTed raw (no exporter work at all).
    const bodies = batches.map((b) => gzipSync(encodeRequest(b, 'http/protobuf').body, { level: 1 }));
    const post = (body: Buffer): Promise<unknown> =>
      fetch(vm.otlpUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' },
        body,
      }).then((r) => r.arrayBuffer());
    await post(bodies[0]!);
    const rowsBefore = await vm.selfMetric('vm_rows_inserted_total');
    t = performance.now();
    for (const body of bodies) await post(body);
    const rawMs = performance.now() - t;
    console.log(`receiver ceiling (pre-encoded, sequential)   ${rate(total, rawMs)}  load ${load()}`);
    t = performance.now();
    const lanes = [0, 1].map(async (lane) => {
      for (let i = lane; i < bodies.length; i += 2) await post(bodies[i]!);
    });
    await Promise.all(lanes);
    const raw2Ms = performance.now() - t;
    console.log(`receiver ceiling (pre-encoded, 2 in flight)  ${rate(total, raw2Ms)}  load ${load()}`);

    // 2b. The sender alone, one request at a time: encode + gzip + POST + classify.
    const sender = new OtlpSender({
      protocol: 'http/protobuf',
      transport: { url: vm.otlpUrl, headers: {}, compression: 'gzip', timeoutMs: 30_000 },
      tls: {},
      clock: systemClock,
      logger: silentLogger(),
    });
    const signal = new AbortController().signal;
    t = performance.now();
    for (const b of batches) await sender.send(b, signal);
    const sendMs = performance.now() - t;
    await sender.shutdown();
    console.log(`sender → VictoriaMetrics (sequential)        ${rate(total, sendMs)}  load ${load()}`);

    // 3. The whole exporter: mapping + delivery helper queue/batching + sender, 1 and 2 consumers.
    for (const consumers of [1, 2]) {
      const metric = `bench_requests_c${consumers}`;
      const input = Array.from({ length: BATCHES }, (_, i) => {
        const b = makeBatch(i, metric);
        return { resource: b.resource, metrics: b.metrics.map((m) => ({ ...m, descriptor: { ...m.descriptor } })) };
      });
      const ctx = createTestContext({
        id: 'otlp',
        kind: 'exporter',
        clock: systemClock,
        logger: createLogger({ level: 'warn', pretty: false }),
      });
      const config = otlpConfigSchema.parse({
        metrics_endpoint: vm.otlpUrl,
        temporality: 'gauge',
        sending_queue: { num_consumers: consumers, queue_size: 1_000, drain_timeout: '10m' },
        batch: { max_points: 10_000, flush_interval: '10ms' },
      });
      const exp = await createOtlpExporter(ctx, config, {});
      await exp.start(new RecordingHost());
      t = performance.now();
      for (const b of input) await exp.consume(b);
      await exp.shutdown();
      const ms = performance.now() - t;
      console.log(
        `exporter → VictoriaMetrics (${consumers} consumer${consumers > 1 ? 's' : ' '})       ${rate(total, ms)}  load ${load()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 2_000)); // VictoriaMetrics updates its counters asynchronously
    const stored = (await vm.selfMetric('vm_rows_inserted_total')) - rowsBefore;
    console.log(
      `rows VictoriaMetrics inserted: ${stored.toLocaleString('en-US')} of ${(5 * total).toLocaleString('en-US')} sent`,
    );
    console.log(
      `ratios: sender / receiver ceiling ${(rawMs / sendMs).toFixed(2)}, encode share of a send ${(encodeMs / sendMs).toFixed(2)}; target ≥ 100,000 points/s`,
    );
  } finally {
    await vm.cleanup();
  }
}

await main();
