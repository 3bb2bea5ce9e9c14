import { describe, expect, it } from 'vitest';
import { permanentError, retryableError } from '../errors/settle-error.js';
import { countPoints } from '../model/batch.js';
import type { Batch } from '../model/types.js';
import { RecordingHost } from '../../testing/context.js';
import { batch, setup } from '../../test/support/delivery-harness.js';

const sentPoints = (b: Batch[]) => b.reduce((n, x) => n + countPoints(x), 0);

describe('createDeliveryExporter', () => {
  it('merges queued batches and sends them after flush_interval', async () => {
    const { clock, exporter, sender, metrics, t0 } = setup();
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(3));
    await exporter.consume(batch(4, 100));
    await clock.advance(999);
    expect(sender.calls).toHaveLength(0);
    await clock.advance(1);
    expect(sender.calls.map((c) => [c.at - t0, countPoints(c.batch)])).toEqual([[1000, 7]]);
    expect(await metrics.value('settle_exporter_sent_points', { exporter: 'fake/one' })).toBe(7);
    await exporter.shutdown();
  });

  it('sends at once when max_points are waiting, and splits bigger batches', async () => {
    const { clock, exporter, sender } = setup([], { batch: { max_points: 5 } });
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(12));
    await clock.advance(0);
    expect(sender.calls.map((c) => countPoints(c.batch))).toEqual([5, 5, 2]);
    await exporter.shutdown();
  });

  it('retries transient failures on the backoff schedule', async () => {
    const fail = () => retryableError('http_503', 'unavailable');
    const { clock, exporter, sender, metrics, t0 } = setup([fail(), fail(), fail()]);
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(1));
    await clock.advance(10_000);
    // flush at 1 s, then waits of 1 s, 1.5 s, 2.25 s (random 0.5 = no jitter)
    expect(sender.calls.map((c) => c.at - t0)).toEqual([1_000, 2_000, 3_500, 5_750]);
    expect(sender.delivered).toHaveLength(1);
    expect(await metrics.value('settle_exporter_retries')).toBe(3);
    await exporter.shutdown();
  });

  it('honours Retry-After beyond max_interval', async () => {
    const { clock, exporter, sender, t0 } = setup([retryableError('http_429', 'slow down', { retryAfterMs: 45_000 })], {
      retry_on_failure: { max_interval: '5s' },
    });
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(1));
    await clock.advance(60_000);
    expect(sender.calls.map((c) => c.at - t0)).toEqual([1_000, 46_000]);
    await exporter.shutdown();
  });

  it('times out a hung request and retries it', async () => {
    const { clock, exporter, sender, t0 } = setup(['hang'], { timeout: '2s' });
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(1));
    await clock.advance(10_000);
    expect(sender.calls.map((c) => c.at - t0)).toEqual([1_000, 4_000]);
    expect(sender.delivered).toHaveLength(1);
    await exporter.shutdown();
  });

  it('drops permanent failures, counts them and logs the reason once', async () => {
    const bad = () => permanentError('http_400', 'bad request: unknown field');
    const { clock, exporter, sender, metrics, errors } = setup([bad(), bad()], { batch: { max_points: 2 } });
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(2));
    await clock.advance(0);
    await exporter.consume(batch(2));
    await clock.advance(0);
    await exporter.consume(batch(2));
    await clock.advance(60_000);
    expect(sender.calls).toHaveLength(3);
    expect(sentPoints(sender.delivered)).toBe(2);
    expect(await metrics.value('settle_exporter_dropped_points', { reason: 'permanent_error' })).toBe(4);
    expect(await metrics.value('settle_exporter_send_failed_points')).toBe(4);
    expect(errors().map((l) => l.msg)).toEqual([expect.stringContaining('dropped a batch')]);
    await exporter.shutdown();
  });

  it('drops after max_elapsed_time', async () => {
    const script = Array.from({ length: 50 }, () => retryableError('conn_refused', 'connection refused'));
    const { clock, exporter, metrics } = setup(script, { retry_on_failure: { max_elapsed_time: '10s' } });
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(3));
    await clock.advance(60_000);
    expect(await metrics.value('settle_exporter_dropped_points', { reason: 'retries_exhausted' })).toBe(3);
    await exporter.shutdown();
  });

  it('counts points the sender left out as invalid, not as sent', async () => {
    const { clock, exporter, metrics } = setup([{ invalidPoints: 1 }]);
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(4));
    await clock.advance(1_000);
    expect(await metrics.value('settle_exporter_sent_points')).toBe(3);
    expect(await metrics.value('settle_exporter_dropped_points', { reason: 'invalid' })).toBe(1);
    await exporter.shutdown();
  });

  it('counts points the backend rejected in a successful response', async () => {
    const { clock, exporter, metrics } = setup([{ rejectedPoints: 2, message: 'too old' }]);
    await exporter.start(new RecordingHost());
    await exporter.consume(batch(5));
    await clock.advance(1_000);
    expect(await metrics.value('settle_exporter_sent_points')).toBe(3);
    expect(await metrics.value('settle_exporter_dropped_points', { reason: 'rejected_by_backend' })).toBe(2);
    await exporter.shutdown();
  });
});
