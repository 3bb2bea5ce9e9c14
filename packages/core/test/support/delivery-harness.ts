import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Storage } from '../../src/storage/storage.js';
import type { Batch } from '../../src/model/types.js';
import { batchOf } from '../../testing/batch-of.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { createTestContext } from '../../testing/context.js';
import { deliveryConfigSchema } from '../../src/exporter-helper/config.js';
import { createDeliveryExporter } from '../../src/exporter-helper/delivery-exporter.js';
import { createMetricsRecorder } from '../../testing/metrics-recorder.js';
import type { BatchSender, SendResult } from '../../src/exporter-helper/types.js';

// Test harness for the delivery exporter's unit tests (not exported from the barrel).

export type Step = 'ok' | Error | SendResult | 'hang' | 'hold';

/** A sender that plays a script of outcomes (then succeeds) and records what it was sent and when. */
export class ScriptedSender implements BatchSender {
  readonly calls: { at: number; batch: Batch }[] = [];
  readonly delivered: Batch[] = [];
  private releaseHold: (() => void) | undefined;
  constructor(
    private readonly clock: FakeClock,
    private readonly script: Step[] = [],
  ) {}
  /** Lets a request scripted as 'hold' succeed. */
  release(): void {
    this.releaseHold?.();
    this.releaseHold = undefined;
  }

  send(batch: Batch, signal: AbortSignal): Promise<SendResult | undefined> {
    this.calls.push({ at: this.clock.now(), batch });
    const step = this.script.shift() ?? 'ok';
    if (step === 'hang') {
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    if (step === 'hold') {
      return new Promise((resolve) => {
        this.releaseHold = () => {
          this.delivered.push(batch);
          resolve(undefined);
        };
      });
    }
    if (step instanceof Error) return Promise.reject(step);
    this.delivered.push(batch);
    return Promise.resolve(step === 'ok' ? undefined : step);
  }
}

export function batch(n: number, t0 = 0): Batch {
  const points = Array.from({ length: n }, (_, i) => ({ attributes: {}, timeMs: t0 + i, value: i }));
  return batchOf({ name: 'm', kind: 'gauge' }, points);
}

export function setup(
  script: Step[] = [],
  config: Record<string, unknown> = {},
  options: { storage?: Storage; clock?: FakeClock; epoch?: () => string | undefined; segmentBytes?: number } = {},
) {
  const clock = options.clock ?? new FakeClock();
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
        cb();
      },
    }),
  );
  const metrics = createMetricsRecorder();
  const ctx = createTestContext({
    id: 'fake/one',
    kind: 'exporter',
    clock,
    logger,
    meter: metrics.meter,
    ...(options.storage === undefined ? {} : { storage: options.storage }),
  });
  const sender = new ScriptedSender(clock, script);
  const epoch = options.epoch;
  if (epoch !== undefined) (sender as BatchSender).backendEpoch = () => Promise.resolve(epoch());
  const exporter = createDeliveryExporter(ctx, deliveryConfigSchema.parse(config), sender, {
    random: () => 0.5,
    ...(options.segmentBytes === undefined ? {} : { segmentBytes: options.segmentBytes }),
  });
  const t0 = clock.now();
  const errors = () => lines.filter((l) => l.level >= 50);
  return { clock, exporter, sender, metrics, t0, errors, lines };
}
