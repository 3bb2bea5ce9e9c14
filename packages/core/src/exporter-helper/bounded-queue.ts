import { SettleError } from '../errors/settle-error.js';
import { countPoints } from '../model/batch.js';
import type { Batch } from '../model/types.js';
import { Notifier } from './notifier.js';
import type { QueueStore, StoredBatch } from './queue-store.js';

export interface QueueItem extends StoredBatch {
  readonly points: number;
  /** Clock time it entered this process's queue (replayed items: the time of the start). */
  readonly enqueuedAt: number;
}

export interface BoundedQueueOptions {
  /** Maximum number of waiting batches. */
  readonly capacity: number;
  /** Optional bound on the store bytes of waiting batches (0 = none). */
  readonly maxBytes: number;
  readonly fullPolicy: 'block' | 'drop_oldest';
  readonly now: () => number;
  /** Called for each batch evicted by drop_oldest. */
  readonly onDrop: (item: QueueItem) => void;
}

/**
 * FIFO of batches between `consume` and the consumers. Only waiting batches count against the capacity;
 * taken batches stay in the store until acknowledged, so a crash mid-send replays them.
 */
export class BoundedQueue {
  /** Slots before `head` were taken and are cleared (undefined), so a sent batch is not kept alive here. */
  private waiting: (QueueItem | undefined)[] = [];
  private head = 0;
  private reserved = 0;
  private bytes = 0;
  private pointsWaiting = 0;
  private closed = false;
  /** Wakes consumers when something arrives or the queue closes. */
  readonly arrivals = new Notifier();
  private readonly room = new Notifier();

  constructor(
    private readonly store: QueueStore,
    private readonly options: BoundedQueueOptions,
  ) {}

  get size(): number {
    return this.waiting.length - this.head;
  }
  get waitingPoints(): number {
    return this.pointsWaiting;
  }
  get isClosed(): boolean {
    return this.closed;
  }
  oldestEnqueuedAt(): number | undefined {
    return this.waiting[this.head]?.enqueuedAt;
  }

  /** Admits replayed batches without a capacity check: they are already in custody. */
  restore(stored: readonly StoredBatch[]): void {
    const now = this.options.now();
    for (const s of stored) this.push({ ...s, points: countPoints(s.batch), enqueuedAt: now });
  }

  /** Resolves once the batch is in the store (persisted when the store is persistent). */
  async put(batch: Batch): Promise<void> {
    while (this.isFull()) {
      if (this.closed) throw closedError();
      if (this.options.fullPolicy === 'drop_oldest' && this.size > 0) {
        const dropped = this.shift();
        if (dropped !== undefined) {
          this.store.ack([dropped.seq]);
          this.options.onDrop(dropped);
        }
        continue;
      }
      if (this.options.fullPolicy === 'drop_oldest') break; // everything is reserved: admit, briefly over
      await this.room.wait();
    }
    if (this.closed) throw closedError();
    this.reserved++;
    let stored: StoredBatch;
    try {
      stored = await this.store.append(batch);
    } finally {
      this.reserved--;
    }
    this.push({ ...stored, points: countPoints(batch), enqueuedAt: this.options.now() });
  }

  /** Takes whole batches from the head, up to `maxPoints` in total (always at least one). */
  take(maxPoints: number): QueueItem[] {
    const out: QueueItem[] = [];
    let points = 0;
    while (this.size > 0) {
      const next = this.waiting[this.head];
      if (next === undefined || (out.length > 0 && points + next.points > maxPoints)) break;
      this.shift();
      out.push(next);
      points += next.points;
    }
    return out;
  }

  /** Releases taken batches from the store once delivered or dropped. */
  ack(items: readonly QueueItem[]): void {
    if (items.length > 0) this.store.ack(items.map((i) => i.seq));
  }

  /** Refuses new batches; wakes everyone so blocked producers fail and consumers can drain. */
  close(): void {
    this.closed = true;
    this.room.notify();
    this.arrivals.notify();
  }

  /** Removes and returns everything waiting (used when shutdown gives up). */
  drainAll(): QueueItem[] {
    const out: QueueItem[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }

  private isFull(): boolean {
    const count = this.size + this.reserved;
    if (count === 0) return false; // one batch always fits, however big
    return count >= this.options.capacity || (this.options.maxBytes > 0 && this.bytes >= this.options.maxBytes);
  }

  private push(item: QueueItem): void {
    this.waiting.push(item);
    this.bytes += item.bytes;
    this.pointsWaiting += item.points;
    this.arrivals.notify();
  }

  private shift(): QueueItem | undefined {
    const item = this.waiting[this.head];
    if (item === undefined) return undefined;
    // Taken: drop the reference now. Compaction below only runs past 1,024 taken slots, and until then they
    // would hold every batch sent since the last one (at scale, hours of pushes and their points).
    this.waiting[this.head] = undefined;
    this.head++;
    // Compact now and then instead of Array#shift on every take (O(n) per call on long queues).
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    this.bytes -= item.bytes;
    this.pointsWaiting -= item.points;
    this.room.notify();
    return item;
  }
}

function closedError(): SettleError {
  return new SettleError('exporter_shut_down', 'the exporter is shutting down and accepts no more batches', {
    retryable: true,
  });
}
