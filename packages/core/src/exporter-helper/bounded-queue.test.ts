import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Batch } from '../model/types.js';
import { BoundedQueue } from './bounded-queue.js';
import { MemoryStore } from './queue-store.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function pointBatch(timeMs: number): Batch {
  return {
    resource: {},
    metrics: [{ descriptor: { name: 'm', kind: 'gauge' }, points: [{ timeMs, value: 1, attributes: {} }] }],
  };
}

/** Puts one batch, takes and acknowledges it, and returns a weak reference to it (no strong one left). */
async function sendOne(queue: BoundedQueue, timeMs: number): Promise<WeakRef<Batch>> {
  const batch = pointBatch(timeMs);
  await queue.put(batch);
  const taken = queue.take(10);
  expect(taken.map((i) => i.batch)).toEqual([batch]);
  queue.ack(taken);
  return new WeakRef(batch);
}

describe('bounded queue memory', () => {
  it('keeps no reference to a batch once taken (below the compaction threshold too)', async () => {
    const queue = new BoundedQueue(new MemoryStore(), {
      capacity: 10,
      maxBytes: 0,
      fullPolicy: 'block',
      now: () => 0,
      onDrop: () => undefined,
    });
    const refs: WeakRef<Batch>[] = [];
    for (let i = 0; i < 5; i++) refs.push(await sendOne(queue, i * 60_000));
    // WeakRef targets stay alive until the current job ends: collect from a later macrotask.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(refs.map((r) => r.deref())).toEqual([undefined, undefined, undefined, undefined, undefined]);
    // The queue still works in FIFO order after the cleared slots.
    await queue.put(pointBatch(1));
    await queue.put(pointBatch(2));
    expect(queue.take(1).map((i) => i.batch.metrics[0]?.points[0]?.timeMs)).toEqual([1]);
    expect(queue.size).toBe(1);
  });
});
