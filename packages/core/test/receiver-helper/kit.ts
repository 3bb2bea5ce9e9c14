// Shared by the polling-receiver helper's tests.
import { sleep } from '../../src/clock/clock.js';
import { createMetricsRecorder } from '../../testing/metrics-recorder.js';
import type { Batch } from '../../src/model/types.js';
import { batchOf } from '../../testing/batch-of.js';
import { createTestContext, RecordingHost } from '../../testing/context.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { SinkConsumer } from '../../testing/sink.js';
import { createPollingReceiver } from '../../src/receiver-helper/create-polling-receiver.js';
import type { PollingLane, PollingReceiverSpec } from '../../src/receiver-helper/types.js';

export const b = (value: number): Batch =>
  batchOf({ name: 'v', kind: 'gauge' }, [{ attributes: {}, timeMs: 0, value }]);
export const values = (sink: SinkConsumer): number[] => sink.points().map((p) => p.value);

export function setup(spec: PollingReceiverSpec) {
  const clock = new FakeClock(0);
  const recorder = createMetricsRecorder();
  const sink = new SinkConsumer();
  const ctx = createTestContext({ id: 'r', kind: 'receiver', clock, meter: recorder.meter });
  return { clock, recorder, sink, host: new RecordingHost(), receiver: createPollingReceiver(ctx, sink, spec) };
}

/** A lane that records the clock time of each run's start and end; each run takes `takesMs` of clock time. */
export function timedLane(name: string, intervalMs: number, takesMs: number, extra: Partial<PollingLane> = {}) {
  const runs: [number, number][] = [];
  let active = 0;
  let maxActive = 0;
  const lane: PollingLane = {
    name,
    intervalMs,
    collect: async ({ now, signal }) => {
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        if (takesMs > 0) await sleep(clockOf.clock!, takesMs, signal);
      } finally {
        active--;
      }
      runs.push([now, clockOf.clock!.now()]);
      return b(now);
    },
    ...extra,
  };
  const clockOf: { clock?: FakeClock } = {};
  return { lane, runs, maxActive: () => maxActive, bind: (c: FakeClock) => (clockOf.clock = c) };
}
