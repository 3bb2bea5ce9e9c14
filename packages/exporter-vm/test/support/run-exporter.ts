import { Writable } from 'node:stream';
import { type Batch, type Exporter, type Storage, createLogger, systemClock } from '@settle/core';
import { RecordingHost, createMetricsRecorder, createTestContext } from '@settle/core/testing';
import { victoriaMetricsExporter, vmConfigSchema } from '../../src/index.js';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** A started victoriametrics exporter on the real clock, with readable telemetry and captured logs. */
export async function startExporter(config: Record<string, unknown>, storage?: Storage) {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const logger = createLogger({
    level: 'debug',
    pretty: false,
    destination: new Writable({
      write(chunk: Buffer, _enc, cb) {
        raw.push(chunk.toString());
        lines.push(JSON.parse(chunk.toString()) as LogLine);
        cb();
      },
    }),
  });
  const metrics = createMetricsRecorder();
  const ctx = createTestContext({
    id: 'victoriametrics',
    kind: 'exporter',
    clock: systemClock,
    logger,
    meter: metrics.meter,
    ...(storage === undefined ? {} : { storage }),
  });
  const exporter: Exporter = await victoriaMetricsExporter.create(ctx, vmConfigSchema.parse(config));
  await exporter.start(new RecordingHost());
  return { exporter, metrics, lines, raw };
}

/** Sends batches and shuts down: shutdown drains, so everything was answered when this resolves. */
export async function sendAll(config: Record<string, unknown>, batches: readonly Batch[]) {
  const run = await startExporter({ batch: { flush_interval: '0' }, ...config });
  for (const b of batches) await run.exporter.consume(b);
  await run.exporter.shutdown();
  return run;
}
