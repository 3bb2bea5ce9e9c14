// How much the service's wiring (counting wrappers, fanout, per-pipeline processors) costs per data point,
// compared with calling an exporter directly; and how fast the file exporter writes JSON lines.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { fileExporter } from '../src/builtin/file-exporter.js';
import { generateMetric, generatorReceiver } from '../src/builtin/generator-receiver.js';
import { defineExporter, defineProcessor, defineReceiver } from '../src/component/define.js';
import { ComponentRegistry } from '../src/component/registry.js';
import type { Consumer } from '../src/component/types.js';
import { parseConfig } from '../src/config/parse.js';
import { resolveConfig } from '../src/config/resolve.js';
import { createBatch } from '../src/model/batch.js';
import type { Batch } from '../src/model/types.js';
import { Service } from '../src/service/service.js';
import { createTestContext } from '../testing/context.js';

const BATCHES = 2_000;
const SERIES = 500;

function batches(): Batch[] {
  const cfg = generatorReceiver.config.parse({ series: SERIES, pattern: 'counter' });
  return Array.from({ length: 50 }, (_, i) => createBatch([generateMetric(cfg, i, 60_000 * (i + 1), 60_000 * i)]));
}

/** Runs once to warm up, then measures; prints and returns microseconds per batch. */
async function timeIt(label: string, batchCount: number, run: () => Promise<void>): Promise<number> {
  await run();
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = process.hrtime.bigint();
  await run();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const perBatch = (ms * 1000) / batchCount;
  const rate = (batchCount * SERIES) / ms / 1000;
  console.log(
    `${label.padEnd(52)} ${perBatch.toFixed(2).padStart(8)} µs/batch  ${rate.toFixed(2).padStart(7)} M points/s`,
  );
  return perBatch;
}

let sunk = 0;
const sinkExporter = defineExporter({
  type: 'nop',
  stability: 'development',
  config: z.object({}),
  create: () => ({
    start: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
    consume: (b: Batch) => ((sunk += b.metrics.length), Promise.resolve()),
  }),
});
const passthrough = defineProcessor({
  type: 'pass',
  stability: 'development',
  config: z.object({}),
  create: (_ctx, _cfg, next) => ({
    start: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
    consume: (b: Batch) => next.consume(b),
  }),
});
let input: Consumer | undefined;
const pusher = defineReceiver({
  type: 'push',
  stability: 'development',
  config: z.object({}),
  create: (_ctx, _cfg, next) => ((input = next), { start: () => Promise.resolve(), shutdown: () => Promise.resolve() }),
});

async function main(): Promise<void> {
  const data = batches();
  const points = BATCHES * SERIES;
  const registry = new ComponentRegistry();
  for (const d of [sinkExporter, passthrough, pusher])
    registry.register(d, { packageName: 'bench', packageVersion: '0' });
  const yaml = `
receivers: { push: }
processors: { pass: }
exporters: { nop/a: , nop/b: }
service:
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    metrics/a: { receivers: [push], processors: [pass], exporters: [nop/a] }
    metrics/b: { receivers: [push], processors: [pass], exporters: [nop/b] }
`;
  const { parsed } = parseConfig(yaml, 'bench.yaml', {});
  const config = parsed === undefined ? undefined : resolveConfig(parsed, registry).config;
  if (config === undefined) throw new Error('bench config invalid');

  const direct = await sinkExporter.create(createTestContext({ kind: 'exporter' }), {});
  const base = await timeIt('direct exporter.consume', BATCHES, async () => {
    for (let i = 0; i < BATCHES; i++) await direct.consume(data[i % data.length]!);
  });

  const service = await Service.create(config);
  await service.start();
  const wired = await timeIt('service: receiver → 2 pipelines × (processor, exporter)', BATCHES, async () => {
    for (let i = 0; i < BATCHES; i++) await input!.consume(data[i % data.length]!);
  });
  await service.shutdown();

  const dir = mkdtempSync(join(tmpdir(), 'settle-bench-'));
  const path = join(dir, 'points.jsonl');
  const file = await fileExporter.create(createTestContext({ kind: 'exporter' }), fileExporter.config.parse({ path }));
  const fileCost = await timeIt('file exporter (JSON lines to disk)', BATCHES / 4, async () => {
    for (let i = 0; i < BATCHES / 4; i++) await file.consume(data[i % data.length]!);
  });
  await file.shutdown();
  const bytes = statSync(path).size;
  rmSync(dir, { recursive: true, force: true });

  console.log(`service wiring overhead: ${(wired - base).toFixed(2)} µs per batch (${SERIES} points, 2 pipelines)`);
  console.log(
    `file exporter: ${Math.round(bytes / (points / 2))} bytes/point, ${(fileCost / SERIES).toFixed(3)} µs/point`,
  );
  if (sunk === 0) throw new Error('nothing reached the exporters');
}

await main();
