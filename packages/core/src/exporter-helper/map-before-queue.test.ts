import { describe, expect, it } from 'vitest';
import { createTestContext, RecordingHost } from '../../testing/context.js';
import { FakeClock } from '../../testing/fake-clock.js';
import type { Batch } from '../model/types.js';
import { deliveryConfigSchema } from './config.js';
import { createDeliveryExporter, type BatchMapStep } from './delivery-exporter.js';
import { batch, ScriptedSender } from '../../test/support/delivery-harness.js';

/** A running total per call, like OTLP's cumulative mapping: the order of `map` calls is the order of totals. */
function runningTotal(delays: Map<number, Promise<void>>): BatchMapStep & { loaded: number; total: number } {
  const step = {
    loaded: 0,
    total: 0,
    load: () => {
      step.loaded++;
      return Promise.resolve();
    },
    map: async (b: Batch): Promise<Batch> => {
      const n = b.metrics[0]!.points.length;
      await delays.get(n);
      step.total += n;
      const points = n === 0 ? [] : [{ attributes: {}, timeMs: 0, value: step.total }];
      return { ...b, metrics: [{ descriptor: b.metrics[0]!.descriptor, points }] };
    },
  };
  return step;
}

function setup(step: BatchMapStep, queue = true) {
  const clock = new FakeClock();
  const sender = new ScriptedSender(clock);
  const ctx = createTestContext({ id: 'mapped', kind: 'exporter', clock });
  const config = deliveryConfigSchema.parse({
    sending_queue: { enabled: queue },
    batch: { flush_interval: '0s', max_points: 1 },
  });
  return { clock, sender, exporter: createDeliveryExporter(ctx, config, sender, { mapBeforeQueue: step }) };
}

const sentValues = (s: ScriptedSender): number[] => s.delivered.map((b) => b.metrics[0]!.points[0]!.value);

describe('delivery exporter: a stateful mapping before the queue', () => {
  for (const queue of [true, false]) {
    it(`maps and queues one batch at a time in arrival order (queue ${queue ? 'on' : 'off'})`, async () => {
      let release = (): void => undefined;
      const slow = new Promise<void>((r) => (release = r));
      const step = runningTotal(new Map([[1, slow]]));
      const { clock, sender, exporter } = setup(step, queue);
      await exporter.start(new RecordingHost());
      expect(step.loaded).toBe(1);
      // The first batch's mapping is slow: without the helper's ordering, 2 and 3 would be totalled first.
      const all = Promise.all([exporter.consume(batch(1)), exporter.consume(batch(2)), exporter.consume(batch(3))]);
      await clock.advance(0);
      expect(step.total).toBe(0);
      release();
      await all;
      await clock.advance(0);
      await exporter.shutdown();
      expect(sentValues(sender)).toEqual([1, 3, 6]);
    });
  }

  it('queues nothing for a batch mapped to no points, and shutdown waits for a mapping in flight', async () => {
    let release = (): void => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const step = runningTotal(new Map([[4, slow]]));
    const { clock, sender, exporter } = setup(step);
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(0));
    const consumed = exporter.consume(batch(4));
    const stopped = exporter.shutdown();
    await expect(exporter.consume(batch(1))).rejects.toMatchObject({ code: 'exporter_shut_down' });
    release();
    await clock.advance(0);
    await Promise.all([consumed, stopped]);
    expect(sentValues(sender)).toEqual([4]);
  });
});
