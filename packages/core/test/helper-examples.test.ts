import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Batch } from '../src/index.js';
import { createMetricsRecorder } from '../testing/metrics-recorder.js';
import {
  batchOf,
  createTestContext,
  FakeClock,
  RecordingHost,
  runConformance,
  SinkConsumer,
} from '../testing/index.js';
import { httpGaugeReceiver } from './helper-examples/http-gauge-receiver.js';
import { jsonPostExporter } from './helper-examples/json-post-exporter.js';
import { scaleProcessor } from './helper-examples/scale-processor.js';

// The three examples of core's README, run for real: the conformance kit, then their behaviour against an
// HTTP server on 127.0.0.1.

let server: Server;
let base = '';
let gauge = 0;
let ingestStatus = 200;
const ingested: Batch[] = [];

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/value') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ value: ++gauge }));
        return;
      }
      const text = await body(req);
      if (ingestStatus === 200) ingested.push(JSON.parse(text) as Batch);
      res.statusCode = ingestStatus;
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

runConformance(scaleProcessor);
runConformance(httpGaugeReceiver, { validConfig: { url: 'http://127.0.0.1:9/value', interval: '1h' } });
runConformance(jsonPostExporter, { validConfig: { endpoint: 'http://127.0.0.1:9/ingest' } });

const GAUGE = { name: 'g', kind: 'gauge' as const };

describe('README helper examples', () => {
  it('scale: multiplies every value, refuses batches after shutdown', async () => {
    const sink = new SinkConsumer();
    const ctx = createTestContext({ id: 'scale' });
    const p = await scaleProcessor.create(ctx, scaleProcessor.config.parse({ factor: 2.5 }), sink);
    await p.start(new RecordingHost());
    await p.consume(batchOf(GAUGE, [{ attributes: {}, timeMs: 1, value: 4 }]));
    await p.shutdown();
    expect(sink.points().map((x) => x.value)).toEqual([10]);
    await expect(p.consume(batchOf(GAUGE, []))).rejects.toMatchObject({ code: 'processor_not_running' });
  });

  it('http_gauge: reads the endpoint at once and then every interval, until shutdown', async () => {
    const clock = new FakeClock(0);
    const sink = new SinkConsumer();
    const ctx = createTestContext({ id: 'http_gauge', kind: 'receiver', clock });
    const config = httpGaugeReceiver.config.parse({ url: `${base}/value`, interval: '30s' });
    const r = await httpGaugeReceiver.create(ctx, config, sink);
    gauge = 0;
    await r.start(new RecordingHost());
    await vi.waitFor(() => expect(sink.batches).toHaveLength(1));
    await clock.advance(30_000);
    await vi.waitFor(() => expect(sink.batches).toHaveLength(2));
    await r.shutdown();
    await clock.advance(60_000);
    expect(sink.points().map((x) => [x.name, x.timeMs, x.value])).toEqual([
      ['http_gauge', 0, 1],
      ['http_gauge', 30_000, 2],
    ]);
  });

  it('json_post: delivers through the queue; a 400 is dropped and counted, never retried', async () => {
    const metrics = createMetricsRecorder();
    const ctx = createTestContext({ id: 'json_post', kind: 'exporter', meter: metrics.meter });
    const config = jsonPostExporter.config.parse({ endpoint: `${base}/ingest`, batch: { flush_interval: '0s' } });
    const e = await jsonPostExporter.create(ctx, config);
    await e.start(new RecordingHost());
    ingestStatus = 400;
    await e.consume(batchOf(GAUGE, [{ attributes: {}, timeMs: 1, value: 1 }]));
    await vi.waitFor(async () =>
      expect(await metrics.value('settle_exporter_dropped_points', { reason: 'permanent_error' })).toBe(1),
    );
    ingestStatus = 200;
    await e.consume(batchOf(GAUGE, [{ attributes: { a: 'b' }, timeMs: 2, value: 7 }]));
    await e.shutdown();
    expect(ingested.flatMap((b) => b.metrics.flatMap((m) => m.points))).toEqual([
      { attributes: { a: 'b' }, timeMs: 2, value: 7 },
    ]);
  });
});
