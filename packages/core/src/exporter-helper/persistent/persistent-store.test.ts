import { appendFile, mkdtemp, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../logging/logger.js';
import type { Batch } from '../../model/types.js';
import { PersistentStore } from './persistent-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settle-queue-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function batch(t: number): Batch {
  return {
    resource: {},
    metrics: [{ descriptor: { name: 'm', kind: 'gauge' }, points: [{ attributes: {}, timeMs: t, value: t }] }],
  };
}

function store(corrupt: number[] = [], segmentBytes = 1 << 20) {
  return new PersistentStore({
    directory: dir,
    fsync: true,
    segmentBytes,
    logger: silentLogger(),
    onCorrupt: (n) => corrupt.push(n),
  });
}

const times = (stored: { batch: Batch }[]) => stored.map((s) => s.batch.metrics[0]?.points[0]?.timeMs);
const segments = async () => (await readdir(dir)).filter((n) => n.startsWith('segment-')).sort();

describe('PersistentStore', () => {
  it('replays unacknowledged batches in order after a restart', async () => {
    const a = store();
    expect(await a.open()).toEqual([]);
    const stored = await Promise.all([1, 2, 3, 4].map((t) => a.append(batch(t))));
    a.ack([stored[0]!.seq, stored[2]!.seq]); // out of order: 3 is acked but 2 is not
    await a.close();
    const b = store();
    const replayed = await b.open();
    // the watermark stops at 2, so 3 comes back too: a duplicate, never a loss
    expect(times(replayed)).toEqual([2, 3, 4]);
    const more = await b.append(batch(5));
    expect(more.seq).toBeGreaterThan(replayed[2]!.seq);
    b.ack([...replayed.map((r) => r.seq), more.seq]);
    await b.close();
    const c = store();
    expect(await c.open()).toEqual([]);
    await c.close();
  });

  it('survives a crash without close: what append resolved is on disk', async () => {
    const a = store();
    await a.open();
    await a.append(batch(1));
    await a.append(batch(2));
    // no close(): the process "dies" here
    const b = store();
    expect(times(await b.open())).toEqual([1, 2]);
    await b.close();
    await a.close();
  });

  it('rotates segments and deletes the fully acknowledged ones', async () => {
    const a = store([], 200); // a record here is ~130 bytes: two per segment
    await a.open();
    const stored = [];
    for (let t = 1; t <= 6; t++) stored.push(await a.append(batch(t)));
    expect((await segments()).length).toBe(3);
    a.ack(stored.slice(0, 4).map((s) => s.seq));
    await a.close(); // waits for the deletions
    expect((await segments()).length).toBe(1);
    const b = store();
    expect(times(await b.open())).toEqual([5, 6]);
    await b.close();
  });

  it('skips and counts a truncated tail, keeps the intact records', async () => {
    const a = store();
    await a.open();
    for (let t = 1; t <= 3; t++) await a.append(batch(t));
    await a.close();
    const [file] = await segments();
    const path = join(dir, file!);
    const { size } = await stat(path);
    await truncate(path, size - 7);
    const corrupt: number[] = [];
    const b = store(corrupt);
    expect(times(await b.open())).toEqual([1, 2]);
    expect(corrupt).toEqual([1]);
    // new appends go to a new segment, after the damaged one
    await b.append(batch(4));
    await b.close();
    const c = store();
    expect(times(await c.open())).toEqual([1, 2, 4]);
    await c.close();
  });

  it('never fails to start on garbage segments or a damaged ack file', async () => {
    const a = store();
    await a.open();
    await a.append(batch(1));
    await a.close();
    await writeFile(join(dir, 'segment-0000000000000099.log'), 'not a queue record at all');
    await appendFile(join(dir, (await segments())[0]!), Buffer.alloc(33, 0xff));
    await writeFile(join(dir, 'ack'), 'xx');
    const corrupt: number[] = [];
    const b = store(corrupt);
    expect(times(await b.open())).toEqual([1]);
    expect(corrupt.reduce((x, y) => x + y, 0)).toBe(3); // ack file, garbage file, garbage tail
    await b.close();
  });
});
