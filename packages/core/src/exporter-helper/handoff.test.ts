import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStorage } from '../storage/file-storage.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { RecordingHost } from '../../testing/context.js';
import { batch, setup } from '../../test/support/delivery-harness.js';
import { withHandoff } from './handoff.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settle-handoff-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const persistent = { sending_queue: { storage: true, drain_timeout: '5s' } };
const stamped = (seq: number, t0: number) => withHandoff(batch(2, t0), { source: 'converge', seq });

describe('handoff identity at the persistent queue', () => {
  it('takes a stamped batch once, also across restarts after its segment was delivered and deleted', async () => {
    const clock = new FakeClock();
    const first = setup([], persistent, { storage: new FileStorage(dir), clock, segmentBytes: 64 });
    await first.exporter.start(new RecordingHost());
    await first.exporter.consume(stamped(1, 100));
    await first.exporter.consume(stamped(1, 100)); // offered again in the same run
    await first.exporter.consume(stamped(2, 200));
    await clock.advance(2_000);
    await first.exporter.shutdown();
    expect(first.sender.delivered).toHaveLength(1);
    expect(await first.metrics.value('settle_exporter_deduplicated_points')).toBe(2);
    // Delivered: the segments are gone, the ledger file still knows what was taken.
    expect((await readdir(join(dir, 'sending-queue'))).filter((f) => f.startsWith('segment-'))).toEqual([]);

    const second = setup([], persistent, { storage: new FileStorage(dir), clock, segmentBytes: 64 });
    await second.exporter.start(new RecordingHost());
    await second.exporter.consume(stamped(2, 200)); // a producer restored from an older checkpoint
    await second.exporter.consume(stamped(3, 300));
    await second.exporter.consume(batch(2, 400)); // not stamped: always taken
    await clock.advance(2_000);
    await second.exporter.shutdown();
    expect(second.sender.delivered.flatMap((b) => b.metrics.flatMap((m) => m.points.map((p) => p.timeMs)))).toEqual([
      300, 301, 400, 401,
    ]);
  });

  it('rebuilds what it took from the records on disk when the ledger file was not written (killed)', async () => {
    const clock = new FakeClock();
    const down = Array.from({ length: 100 }, () => new Error('down'));
    const first = setup(down, persistent, { storage: new FileStorage(dir), clock });
    await first.exporter.start(new RecordingHost());
    await first.exporter.consume(stamped(7, 100));
    // No shutdown: the process is gone; the record is on disk, the ledger file never saw seq 7.
    await rm(join(dir, 'sending-queue', 'handoff'), { force: true });
    const second = setup([], persistent, { storage: new FileStorage(dir), clock });
    await second.exporter.start(new RecordingHost());
    await second.exporter.consume(stamped(7, 100));
    await clock.advance(2_000);
    await second.exporter.shutdown();
    expect(second.sender.delivered).toHaveLength(1); // the replayed record only
    expect(await second.metrics.value('settle_exporter_deduplicated_points')).toBe(2);
  });
});
