import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettleError, retryableError } from '../errors/settle-error.js';
import type { Batch } from '../model/types.js';
import { FileStorage } from '../storage/file-storage.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { RecordingHost } from '../../testing/context.js';
import { batch, setup } from '../../test/support/delivery-harness.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settle-pq-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const times = (batches: Batch[]) => batches.flatMap((b) => b.metrics.flatMap((m) => m.points.map((p) => p.timeMs)));
const down = () => Array.from({ length: 1000 }, () => retryableError('conn_refused', 'connection refused'));
const persistent = { sending_queue: { storage: true, drain_timeout: '5s' } };

describe('persistent sending queue', () => {
  it('keeps what shutdown could not deliver and replays it on the next start, in order', async () => {
    const clock = new FakeClock();
    const first = setup(down(), persistent, { storage: new FileStorage(dir), clock });
    await first.exporter.start(new RecordingHost());
    await first.exporter.consume(batch(2, 100));
    await first.exporter.consume(batch(2, 200));
    await clock.advance(10_000);
    await first.exporter.consume(batch(2, 300));
    const stopped = first.exporter.shutdown();
    await clock.advance(5_000);
    await stopped; // hangs (and the test fails) if the drain deadline does not stop the retries
    expect(first.sender.delivered).toEqual([]);
    expect(await first.metrics.value('settle_exporter_dropped_points')).toBe(0);

    const second = setup([], persistent, { storage: new FileStorage(dir), clock });
    await second.exporter.start(new RecordingHost());
    await clock.advance(1_000);
    expect(times(second.sender.delivered)).toEqual([100, 101, 200, 201, 300, 301]);
    await second.exporter.shutdown();

    const third = setup([], persistent, { storage: new FileStorage(dir), clock });
    await third.exporter.start(new RecordingHost());
    await third.exporter.shutdown();
    expect(third.sender.calls).toEqual([]); // acknowledged: nothing comes back
  });

  it('says clearly that storage needs a data directory', async () => {
    const { exporter } = setup([], { sending_queue: { storage: true } });
    const err: unknown = await exporter.start(new RecordingHost()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettleError);
    expect((err as SettleError).message).toMatch(/sending_queue\.storage is true.*data_dir/);
  });
});
