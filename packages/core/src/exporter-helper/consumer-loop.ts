import type { Clock } from '../clock/clock.js';
import { sleep } from '../clock/clock.js';
import type { BoundedQueue, QueueItem } from './bounded-queue.js';
import type { BatchConfig } from './config.js';

/**
 * One consumer of the queue: waits until a full batch (max_points) is waiting or the oldest waiting batch is
 * flush_interval old, takes whole batches, delivers them, then acknowledges them. Once the queue is closed it
 * drains without waiting. Returns the items it held when `stop` fired, so shutdown can account for them.
 */
export class ConsumerLoop {
  constructor(
    private readonly queue: BoundedQueue,
    private readonly config: BatchConfig,
    private readonly clock: Clock,
    private readonly deliver: (items: readonly QueueItem[]) => Promise<void>,
  ) {}

  async run(stop: AbortSignal): Promise<QueueItem[]> {
    while (!stop.aborted) {
      if (this.queue.size === 0) {
        if (this.queue.isClosed) return [];
        await raceStop(this.queue.arrivals.wait(), stop);
        continue;
      }
      if (!(await this.lingerUntilFull(stop))) continue;
      const items = this.queue.take(this.config.max_points);
      if (items.length === 0) continue;
      try {
        await this.deliver(items);
      } catch (err) {
        if (stop.aborted) return items;
        throw err;
      }
      this.queue.ack(items);
    }
    return [];
  }

  /** Waits for more batches to arrive while it pays off; false when woken early and the state must be re-read. */
  private async lingerUntilFull(stop: AbortSignal): Promise<boolean> {
    if (this.queue.isClosed || this.queue.waitingPoints >= this.config.max_points) return true;
    const oldest = this.queue.oldestEnqueuedAt();
    if (oldest === undefined) return false;
    const waitMs = oldest + this.config.flush_interval - this.clock.now();
    if (waitMs <= 0) return true;
    const timer = new AbortController();
    const onStop = (): void => timer.abort();
    stop.addEventListener('abort', onStop, { once: true });
    try {
      await Promise.race([sleep(this.clock, waitMs, timer.signal).catch(() => undefined), this.queue.arrivals.wait()]);
    } finally {
      stop.removeEventListener('abort', onStop);
      timer.abort();
    }
    return false;
  }
}

function raceStop(promise: Promise<void>, stop: AbortSignal): Promise<void> {
  if (stop.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onStop = (): void => resolve();
    stop.addEventListener('abort', onStop, { once: true });
    void promise.then(() => {
      stop.removeEventListener('abort', onStop);
      resolve();
    });
  });
}
