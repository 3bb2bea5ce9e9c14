import { countPoints, isRetryable, type Batch, type Consumer, type Logger } from '@settle/core';

/**
 * Emitted points downstream could not take yet. The engine has already marked them pushed, so losing them
 * would lose data for good (the seed only logged push errors): batches refused with a retryable error wait
 * here, are retried before anything newer, and are part of the checkpoint. Bounded by points; the oldest
 * batches go first when full. Permanent refusals are dropped and counted.
 */
export class Outbox {
  private batches: Batch[] = [];
  private points = 0;

  constructor(
    private readonly next: Consumer,
    private readonly logger: Logger,
    private readonly limit: number,
    private readonly onDrop: (points: number) => void,
  ) {}

  get size(): number {
    return this.points;
  }

  /** Delivers what waits, then `batches`; whatever fails retryably stays for the next attempt. */
  async deliver(batches: readonly Batch[]): Promise<void> {
    const queue = [...this.batches, ...batches];
    this.batches = [];
    this.points = 0;
    for (let i = 0; i < queue.length; i++) {
      const batch = queue[i]!;
      try {
        await this.next.consume(batch);
      } catch (err) {
        if (!isRetryable(err)) {
          this.logger.error(
            { err, points: countPoints(batch) },
            'downstream refused converged points permanently; dropped',
          );
          this.onDrop(countPoints(batch));
          continue;
        }
        // Downstream is unavailable: keep this and everything after it, in order, and try again later.
        const rest = queue.slice(i);
        this.logger.warn({ err, batches: rest.length }, 'downstream unavailable; converged points kept for retry');
        for (const b of rest) this.keep(b);
        return;
      }
    }
  }

  /** What waits, for the checkpoint. */
  pending(): readonly Batch[] {
    return this.batches;
  }

  restore(batches: readonly Batch[]): void {
    for (const b of batches) this.keep(b);
  }

  private keep(batch: Batch): void {
    this.batches.push(batch);
    this.points += countPoints(batch);
    while (this.points > this.limit && this.batches.length > 1) {
      const dropped = this.batches.shift()!;
      const n = countPoints(dropped);
      this.points -= n;
      this.logger.error({ points: n }, 'converge retry buffer full; oldest points dropped');
      this.onDrop(n);
    }
  }
}
