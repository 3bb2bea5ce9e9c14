/**
 * Counts I/O in flight (HTTP, consume, checkpoint writes) so a caller driving a fake clock can wait until
 * the receiver has nothing left to do but wait for a timer, instead of sleeping for a guessed while.
 */
export class Activity {
  private busy = 0;
  private waiters: (() => void)[] = [];

  async track<T>(work: Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await work;
    } finally {
      this.busy--;
      if (this.busy === 0) for (const w of this.waiters.splice(0)) w();
    }
  }

  /** Resolves once nothing is in flight across a few event-loop turns (so follow-up work has started). */
  async idle(): Promise<void> {
    for (;;) {
      for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.busy === 0) return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
