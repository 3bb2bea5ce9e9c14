import type { Clock, Timer } from '../src/clock/clock.js';

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told. `advance` runs due timers in time order, letting promise callbacks
 * settle between them, so shells that chain timers behave as they would in real time.
 */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private queue: Scheduled[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): Timer {
    const entry: Scheduled = {
      at: this.current + Math.max(0, delayMs),
      seq: this.seq++,
      callback,
      cancelled: false,
    };
    this.queue.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  /** Number of timers still waiting. */
  pending(): number {
    return this.queue.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.nextDue(target);
      if (next === undefined) break;
      this.current = next.at;
      next.callback();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Sets the time directly (must not go backwards), firing due timers. */
  async set(ms: number): Promise<void> {
    if (ms < this.current) throw new Error(`FakeClock cannot go back from ${this.current} to ${ms}`);
    await this.advance(ms - this.current);
  }

  private nextDue(limit: number): Scheduled | undefined {
    this.queue = this.queue.filter((t) => !t.cancelled);
    let best: Scheduled | undefined;
    for (const t of this.queue) {
      if (t.at > limit) continue;
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    if (best !== undefined) this.queue.splice(this.queue.indexOf(best), 1);
    return best;
  }
}

async function flushMicrotasks(): Promise<void> {
  // A few macrotask turns let chains of awaits (including I/O-free async functions) run to completion.
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
