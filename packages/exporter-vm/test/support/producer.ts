// A minimal "settle process" for the crash test: the delivery helper + victoriametrics exporter with a
// persistent queue, fed numbered batches. Prints `acked <i>` once consume(i) resolved, i.e. once batch i is in
// the persistent queue. Run: producer.ts <endpoint> <dataDir> <baseMs> <from> <to> <series> [gracefulStop]
import { FileStorage, createLogger, systemClock } from '@settle/core';
import { RecordingHost, createTestContext } from '@settle/core/testing';
import { victoriaMetricsExporter, vmConfigSchema } from '../../src/index.js';
import { streamBatch } from './stream.js';

const [endpoint, dataDir, baseArg, fromArg, toArg, seriesArg, graceful] = process.argv.slice(2);
if (endpoint === undefined || dataDir === undefined)
  throw new Error('usage: producer.ts endpoint dataDir base from to series');
const base = Number(baseArg);
const from = Number(fromArg);
const to = Number(toArg);
const series = Number(seriesArg);

const ctx = createTestContext({
  id: 'victoriametrics',
  kind: 'exporter',
  clock: systemClock,
  storage: new FileStorage(dataDir),
  logger: createLogger({ level: 'info', pretty: false }),
});
const config = vmConfigSchema.parse({
  endpoint,
  sending_queue: { storage: true, queue_size: 100_000 },
  batch: { flush_interval: '200ms' },
  retry_on_failure: { initial_interval: '50ms', max_interval: '500ms', max_elapsed_time: '0' },
});
const exporter = victoriaMetricsExporter.create(ctx, config);
const exp = exporter instanceof Promise ? await exporter : exporter;
await exp.start(new RecordingHost());
for (let i = from; i < to; i++) {
  await exp.consume(streamBatch(base, i, series));
  process.stdout.write(`acked ${i}\n`);
  await new Promise((r) => setTimeout(r, 2));
}
if (graceful === 'graceful') {
  await exp.shutdown();
  process.stdout.write('done\n');
}
