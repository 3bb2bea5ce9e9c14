/**
 * The OTLP/gRPC part of the benchmark: the transport's ceiling (pre-encoded requests through the same grpc-js
 * client, gzip), the sender (encode + gzip + call + classify) and the whole exporter with `protocol: grpc`,
 * against a MetricsService in a worker thread.
 */
import { Worker } from 'node:worker_threads';
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { createLogger, silentLogger, systemClock, type Batch } from '@settle/core';
import { createTestContext, RecordingHost } from '@settle/core/testing';
import { otlpConfigSchema } from '../src/config/schema.js';
import { encodeRequest } from '../src/encode/encode-request.js';
import { EXPORT_METHOD, OtlpGrpcSender } from '../src/grpc/grpc-sender.js';
import { createOtlpExporter } from '../src/otlp-definition.js';

type Stats = { requests: number; bytes: number };

export async function benchGrpc(
  batches: readonly Batch[],
  makeBatch: (index: number, metric: string) => Batch,
  rate: (points: number, ms: number) => string,
  load: () => string,
): Promise<void> {
  const worker = new Worker(new URL('./grpc-server-worker.js', import.meta.url));
  const next = <T>(): Promise<T> => new Promise((resolve) => worker.once('message', resolve));
  const { port } = await next<{ port: number }>();
  const url = `http://127.0.0.1:${port}`;
  const points = batches.reduce((n, b) => n + b.metrics.reduce((k, m) => k + m.points.length, 0), 0);
  const signal = new AbortController().signal;
  let t = 0;
  try {
    // 1. Ceiling: the requests pre-encoded, only the gRPC call (gzip by grpc-js) and the server's work timed.
    const bodies = batches.map((b) => Buffer.from(encodeRequest(b, 'http/protobuf').body));
    const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure(), {
      'grpc.default_compression_algorithm': 2,
    });
    const call = (body: Buffer): Promise<void> =>
      new Promise((resolve, reject) => {
        client.makeUnaryRequest(
          EXPORT_METHOD,
          (b: Buffer) => b,
          (b: Buffer) => b,
          body,
          new Metadata(),
          (err) => (err === null ? resolve() : reject(err)),
        );
      });
    await call(bodies[0]!);
    t = performance.now();
    for (const body of bodies) await call(body);
    const rawMs = performance.now() - t;
    client.close();
    console.log(`grpc ceiling (pre-encoded, gzip, sequential)  ${rate(points, rawMs)}  load ${load()}`);

    // 2. The sender: encode + gzip + call + classify, one request at a time.
    const sender = new OtlpGrpcSender({
      transport: { url, headers: {}, compression: 'gzip', timeoutMs: 30_000 },
      tls: {},
      logger: silentLogger(),
    });
    await sender.send(batches[0]!, signal);
    t = performance.now();
    for (const b of batches) await sender.send(b, signal);
    const sendMs = performance.now() - t;
    await sender.shutdown();
    console.log(`grpc sender (encode + gzip + call)            ${rate(points, sendMs)}  load ${load()}`);

    // 3. The whole exporter with protocol grpc: mapping + delivery helper + sender, one consumer.
    const input = batches.map((_, i) => makeBatch(i, 'bench_requests_grpc'));
    const ctx = createTestContext({
      id: 'otlp',
      kind: 'exporter',
      clock: systemClock,
      logger: createLogger({ level: 'warn', pretty: false }),
    });
    const config = otlpConfigSchema.parse({
      protocol: 'grpc',
      endpoint: url,
      temporality: 'gauge',
      sending_queue: { queue_size: 1_000, drain_timeout: '10m' },
      batch: { max_points: 10_000, flush_interval: '10ms' },
    });
    const exp = await createOtlpExporter(ctx, config, {});
    await exp.start(new RecordingHost());
    t = performance.now();
    for (const b of input) await exp.consume(b);
    await exp.shutdown();
    const expMs = performance.now() - t;
    console.log(`grpc exporter (1 consumer)                    ${rate(points, expMs)}  load ${load()}`);

    worker.postMessage('stats');
    const stats = await next<Stats>();
    console.log(
      `grpc server received ${stats.requests} requests, ${(stats.bytes / 1e6).toFixed(1)} MB after decompression; ` +
        `ratios: sender / ceiling ${(rawMs / sendMs).toFixed(2)}, exporter / sender ${(sendMs / expMs).toFixed(2)}`,
    );
  } finally {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}
