// The settle pipeline of the crash test, as a child process: converge (checkpointing into a data directory)
// → victoriametrics exporter with a persistent queue. It plays a source that, like Cloudflare's analytics,
// answers every poll with the final value of every bucket so far (origin backfill: converge pushes each
// bucket at first sight), so a restarted process polls from the start again and converge must suppress what
// it already handed to the queue. Prints `polled <k>` after each poll; `done` after a graceful shutdown.
// Plain JavaScript on the built packages (dist), so a restart takes a fraction of a second.
// Run: node converge-pipeline.mjs <endpoint> <dataDir> <baseMs> <series> <buckets> <pollDelayMs> [graceful]
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { FileStorage, createLogger, systemClock } from '@settle/core';
import { RecordingHost, createTestContext } from '@settle/core/testing';
import { victoriaMetricsExporter, vmConfigSchema } from '@settle/exporter-vm';
import { convergeProcessor } from '@settle/processor-converge';

const [endpoint, dataDir, baseArg, seriesArg, bucketsArg, delayArg, graceful] = process.argv.slice(2);
if (endpoint === undefined || dataDir === undefined) throw new Error('usage: endpoint dataDir base series buckets');
const base = Number(baseArg);
const series = Number(seriesArg);
const buckets = Number(bucketsArg);
const logger = createLogger({ level: 'warn', pretty: false });

const context = (id, kind) =>
  createTestContext({ id, kind, clock: systemClock, logger, storage: new FileStorage(join(dataDir, id)) });

const exporterDef = victoriaMetricsExporter;
const exporterConfig = vmConfigSchema.parse({
  endpoint,
  sending_queue: { storage: true },
  batch: { flush_interval: '50ms' },
  retry_on_failure: { initial_interval: '50ms', max_interval: '200ms', max_elapsed_time: '0' },
});
const exporter = await exporterDef.create(context('victoriametrics', 'exporter'), exporterConfig);
const converge = await convergeProcessor.create(
  context('converge', 'processor'),
  convergeProcessor.config.parse({ checkpoint: true, expire_interval: '1s' }),
  exporter,
);
const host = new RecordingHost();
await exporter.start(host);
await converge.start(host);

/** Every bucket before `k` of every series, at its final value. */
function poll(k) {
  const points = [];
  for (let b = 0; b < k; b++) {
    for (let s = 0; s < series; s++) {
      points.push({
        attributes: { series: `s${s}` },
        startMs: base + b * 1000,
        timeMs: base + (b + 1) * 1000,
        value: b * 100 + s,
      });
    }
  }
  return {
    resource: { job: 'crash' },
    metrics: [{ descriptor: { name: 'crash_requests', kind: 'sum', temporality: 'delta', monotonic: true }, points }],
    meta: { origin: 'backfill' },
  };
}

for (let k = 1; k <= buckets; k++) {
  await converge.consume(poll(k));
  process.stdout.write(`polled ${k}\n`);
  await delay(Number(delayArg));
}
if (graceful === 'graceful') {
  await converge.shutdown();
  await exporter.shutdown();
  process.stdout.write('done\n');
}
