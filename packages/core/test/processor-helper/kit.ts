// Shared by the processor helper's tests.
import { createMetricsRecorder } from '../../testing/metrics-recorder.js';
import type { Batch } from '../../src/model/types.js';
import { batchOf } from '../../testing/batch-of.js';
import { createTestContext, RecordingHost } from '../../testing/context.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { SinkConsumer } from '../../testing/sink.js';
import { createProcessor } from '../../src/processor-helper/create-processor.js';
import type { ProcessorSpec } from '../../src/processor-helper/types.js';

export const GAUGE = { name: 'v', kind: 'gauge' as const };
export const b = (...values: number[]): Batch =>
  batchOf(
    GAUGE,
    values.map((value, i) => ({ attributes: { i: String(i) }, timeMs: 1_000, value })),
  );
export const values = (sink: SinkConsumer): number[] => sink.points().map((p) => p.value);

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export function setup<S>(spec: ProcessorSpec<S>) {
  const clock = new FakeClock(0);
  const recorder = createMetricsRecorder();
  const sink = new SinkConsumer();
  const ctx = createTestContext({ id: 'p', clock, meter: recorder.meter });
  const processor = createProcessor(ctx, sink, spec);
  return { clock, recorder, sink, processor, host: new RecordingHost() };
}

export const passThrough: ProcessorSpec = { process: (batch) => batch };
