import { Writable } from 'node:stream';
import { startSimulatorServer, type SimulatorServer } from '@settle/cloudflare-sim';
import {
  createLogger,
  MemoryStorage,
  type Batch,
  type ClusterMembership,
  type Logger,
  type Storage,
} from '@settle/core';
import type { FakeClock } from '@settle/core/testing';
import {
  RecordingHost,
  SinkConsumer,
  createMetricsRecorder,
  createTestContext,
  type MetricsRecorder,
} from '@settle/core/testing';
import { cloudflareConfigSchema } from '../../src/config.js';
import { CloudflareReceiver } from '../../src/receiver.js';

export const TOKEN = 'sim-token';
/** Whole minute, so live windows and buckets line up in assertions. */
export const START = Date.UTC(2026, 0, 1, 12, 0, 0);

export type SimOptions = NonNullable<Parameters<typeof startSimulatorServer>[0]>;

export async function startSim(clock: FakeClock, options: SimOptions = {}): Promise<SimulatorServer> {
  return startSimulatorServer({ zones: 3, tokens: [TOKEN], ...options, clock });
}

/** A pino logger writing JSON lines into memory. */
export function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination, pretty: false }), lines };
}

export interface Rig {
  readonly receiver: CloudflareReceiver;
  readonly sink: SinkConsumer;
  readonly host: RecordingHost;
  /** What the receiver recorded through its meter (cumulative sums, gauges' last values). */
  readonly metrics: MetricsRecorder;
}

export interface RigOptions {
  readonly storage?: Storage;
  readonly logger?: Logger;
  readonly id?: string;
  /** `service.cluster` as the service would pass it. */
  readonly cluster?: ClusterMembership;
}

/** A receiver against the simulator (or any endpoint given in `config`), sharing the test's fake clock. */
export function createReceiver(
  clock: FakeClock,
  server: SimulatorServer | undefined,
  config: Record<string, unknown>,
  options: RigOptions = {},
): Rig {
  const parsed = cloudflareConfigSchema.parse({
    api_token: TOKEN,
    ...(server === undefined ? {} : { endpoint: server.graphqlUrl, zones: server.simulator.zones.map((z) => z.tag) }),
    ...config,
  });
  const metrics = createMetricsRecorder();
  const ctx = createTestContext({
    id: options.id ?? 'cloudflare',
    kind: 'receiver',
    clock,
    storage: options.storage ?? new MemoryStorage(),
    meter: metrics.meter,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const withCluster = options.cluster === undefined ? ctx : { ...ctx, cluster: options.cluster };
  const sink = new SinkConsumer();
  return { receiver: new CloudflareReceiver(withCluster, parsed, sink), sink, host: new RecordingHost(), metrics };
}

/** Moves fake time forward in steps, letting the receiver finish its I/O after each step. */
export async function drive(
  clock: FakeClock,
  receiver: CloudflareReceiver,
  totalMs: number,
  stepMs = 1_000,
): Promise<void> {
  await receiver.whenIdle();
  for (let t = 0; t < totalMs; t += stepMs) {
    await clock.advance(Math.min(stepMs, totalMs - t));
    await receiver.whenIdle();
  }
}

export function pointsOf(batches: readonly Batch[], name: string) {
  return batches.flatMap((b) =>
    b.metrics.filter((m) => m.descriptor.name === name).flatMap((m) => m.points.map((p) => ({ ...p, meta: b.meta }))),
  );
}
