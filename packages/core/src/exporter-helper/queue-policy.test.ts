import { describe, expect, it } from 'vitest';
import { SettleError, permanentError, retryableError } from '../errors/settle-error.js';
import type { Batch } from '../model/types.js';
import { RecordingHost } from '../../testing/context.js';
import { batch, setup } from '../../test/support/delivery-harness.js';

const firstTimes = (batches: Batch[]) => batches.map((b) => b.metrics[0]?.points[0]?.timeMs);

/** Tracks whether a promise has settled without awaiting it. */
function track(p: Promise<void>): { done: boolean } {
  const state = { done: false };
  void p.then(() => (state.done = true));
  return state;
}

describe('sending queue', () => {
  it('blocks producers when full (backpressure), then lets them in', async () => {
    const { clock, exporter, sender } = setup(['hold'], { sending_queue: { queue_size: 2 }, batch: { max_points: 1 } });
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(1, 100)); // taken by the consumer, held by the backend
    await clock.advance(0);
    await exporter.consume(batch(1, 200));
    await exporter.consume(batch(1, 300));
    const fourth = track(exporter.consume(batch(1, 400)));
    await clock.advance(5_000);
    expect(fourth.done).toBe(false);
    sender.release();
    await clock.advance(0);
    expect(fourth.done).toBe(true);
    await exporter.shutdown();
    expect(firstTimes(sender.delivered)).toEqual([100, 200, 300, 400]);
  });

  it('drops the oldest waiting batch with drop_oldest, and counts it', async () => {
    const { clock, exporter, sender, metrics } = setup(['hold'], {
      sending_queue: { queue_size: 2, full_policy: 'drop_oldest' },
      batch: { max_points: 1 },
    });
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(1, 100));
    await clock.advance(0);
    await exporter.consume(batch(1, 200));
    await exporter.consume(batch(1, 300));
    await exporter.consume(batch(1, 400)); // resolves at once: 200 makes room
    expect(await metrics.value('settle_exporter_dropped_points', { reason: 'queue_full' })).toBe(1);
    sender.release();
    await exporter.shutdown();
    expect(firstTimes(sender.delivered)).toEqual([100, 300, 400]);
  });

  it('delivers what is queued on shutdown without waiting for flush_interval', async () => {
    const { exporter, sender } = setup([], { batch: { flush_interval: '1h' } });
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(2));
    await exporter.shutdown();
    expect(sender.delivered).toHaveLength(1);
  });

  it('gives up draining at drain_timeout and counts what it lost', async () => {
    const down = Array.from({ length: 100 }, () => retryableError('conn_refused', 'connection refused'));
    const { clock, exporter, metrics } = setup(down, { sending_queue: { drain_timeout: '20s' } });
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(3));
    await exporter.consume(batch(4, 50));
    const stopped = track(exporter.shutdown());
    await clock.advance(19_999);
    expect(stopped.done).toBe(false);
    await clock.advance(1);
    expect(stopped.done).toBe(true);
    expect(await metrics.value('settle_exporter_dropped_points', { reason: 'shutdown' })).toBe(7);
  });

  it('refuses batches after shutdown with a retryable error', async () => {
    const { exporter } = setup();
    await exporter.start(new RecordingHost());
    await exporter.shutdown();
    const err: unknown = await exporter.consume(batch(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettleError);
    expect((err as SettleError).retryable).toBe(true);
  });

  it('shuts down cleanly without start, and twice', async () => {
    const { exporter } = setup();
    await exporter.shutdown();
    await exporter.shutdown();
  });

  it('without a queue, shutdown waits for the request in flight', async () => {
    const { clock, exporter, sender } = setup(['hold'], { sending_queue: { enabled: false } });
    await exporter.start(new RecordingHost());
    const consumed = track(exporter.consume(batch(1)));
    await clock.advance(0);
    const stopped = track(exporter.shutdown());
    await clock.advance(0);
    expect([consumed.done, stopped.done]).toEqual([false, false]);
    sender.release();
    await clock.advance(0);
    expect([consumed.done, stopped.done]).toEqual([true, true]);
  });

  it('without a queue, consume carries the request and reports a permanent failure', async () => {
    const { clock, exporter, sender } = setup([permanentError('http_400', 'bad')], {
      sending_queue: { enabled: false },
    });
    await exporter.start(new RecordingHost());
    const err: unknown = await exporter.consume(batch(1)).catch((e: unknown) => e);
    expect((err as SettleError).code).toBe('http_400');
    await exporter.consume(batch(1));
    await clock.advance(0);
    expect(sender.delivered).toHaveLength(1);
    await exporter.shutdown();
  });
});
