import type { Clock, Timer } from '@settle/core';

/** Who asks for a query slot. `live` is always served before `backfill`. */
export type Lane = 'live' | 'backfill';

export interface RateLimiterOptions {
  /** Queries allowed per window (Cloudflare: 300 per 5 minutes per user). */
  readonly queries: number;
  readonly windowMs: number;
  /**
   * Extra time a slot stays taken, to absorb clock skew and request latency between us and the server's own
   * window. Default: 1 % of the window, at least 1 s.
   */
  readonly marginMs?: number;
}

/** A taken slot. */
export interface Slot {
  /**
   * Marks the query as answered: the slot then counts from now. The server counted the query when it arrived,
   * somewhere between sending and answering, so counting from the answer can only err on the safe side.
   */
  answered(): void;
}

interface Waiter {
  readonly lane: Lane;
  readonly resolve: (slot: Slot) => void;
  readonly reject: (reason: unknown) => void;
  readonly cleanup: () => void;
}

/** After a rate-limit reply the budget shrinks by this factor, then grows back one step per clean window. */
const DECREASE = 0.75;
const RECOVERY_STEP = 0.1;

/**
 * A sliding-window limiter shared by both lanes. A slot is taken when a query is sent and freed one window
 * (plus margin) later, so we never send more than `queries` in any window. Live waiters go first, and
 * backfill may hold at most `queries − liveReserve` slots of any window, `liveReserve` being what the live
 * lane needs per window: a backfill burst can never starve the polls that follow it. A rate-limit reply from
 * the server blocks everyone until its retry-after and shrinks the budget (multiplicative decrease, additive
 * recovery), because it means someone else shares the quota or our window drifted.
 */
export class RateLimiter {
  private readonly sent: number[] = [];
  private readonly sentBackfill: number[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly marginMs: number;
  private effective: number;
  private blockedUntil = 0;
  private recoverAt = 0;
  private liveReserve = 0;
  private timer: Timer | undefined;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: RateLimiterOptions,
  ) {
    this.marginMs = options.marginMs ?? Math.max(1_000, Math.round(options.windowMs / 100));
    this.effective = options.queries;
  }

  /** Slots per window the live lane needs; backfill never holds more than the rest. */
  setLiveReserve(slots: number): void {
    this.liveReserve = Math.max(0, slots);
    this.pump();
  }

  /** The budget currently in force (lower than configured after rate-limit replies). */
  currentLimit(): number {
    this.recover(this.clock.now());
    return this.effective;
  }

  /** Slots free right now. */
  remaining(): number {
    const now = this.clock.now();
    this.prune(now);
    this.recover(now);
    return Math.max(0, this.effective - this.sent.length);
  }

  /** Resolves when a query may be sent (the slot is then taken); rejects when `signal` aborts or on close. */
  acquire(lane: Lane, signal?: AbortSignal): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('rate limiter closed'));
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const ahead = lane === 'live' ? this.waiters.some((w) => w.lane === 'live') : this.waiters.length > 0;
    if (!ahead) {
      const slot = this.tryTake(lane, this.clock.now());
      if (slot !== undefined) return Promise.resolve(slot);
    }
    return new Promise<Slot>((resolve, reject) => {
      const onAbort = (): void => {
        this.remove(waiter);
        reject(signal?.reason as Error);
      };
      const waiter: Waiter = {
        lane,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** The server said we are over quota: wait `waitMs` before anything else and shrink the budget. */
  penalize(waitMs: number): void {
    const now = this.clock.now();
    this.blockedUntil = Math.max(this.blockedUntil, now + waitMs);
    this.effective = Math.max(1, Math.floor(this.effective * DECREASE));
    this.recoverAt = this.blockedUntil + this.options.windowMs;
    this.pump();
  }

  /** Rejects every waiter and stops the timer (shutdown). */
  close(): void {
    this.closed = true;
    this.timer?.cancel();
    for (const w of this.waiters.splice(0)) {
      w.cleanup();
      w.reject(new Error('rate limiter closed'));
    }
  }

  private tryTake(lane: Lane, now: number): Slot | undefined {
    if (now < this.blockedUntil) return undefined;
    this.prune(now);
    this.recover(now);
    if (this.sent.length >= this.effective) return undefined;
    if (lane === 'backfill' && this.sentBackfill.length >= this.backfillCap()) return undefined;
    this.sent.push(now);
    if (lane === 'backfill') this.sentBackfill.push(now);
    let pending = true;
    return {
      answered: () => {
        if (!pending) return;
        pending = false;
        const at = this.clock.now();
        move(this.sent, now, at);
        if (lane === 'backfill') move(this.sentBackfill, now, at);
      },
    };
  }

  private backfillCap(): number {
    return Math.max(0, this.effective - this.liveReserve);
  }

  /** Earliest time `lane` could get a slot, given what is taken now. */
  private nextChance(lane: Lane, now: number): number {
    const keep =
      lane === 'live' ? this.effective - 1 : this.effective - 1 - Math.min(this.liveReserve, this.effective - 1);
    const mustExpire = this.sent.length - keep;
    const slotAt = mustExpire <= 0 ? now : (this.sent[mustExpire - 1] ?? now) + this.options.windowMs + this.marginMs;
    const recovery = this.effective < this.options.queries ? this.recoverAt : Infinity;
    return Math.max(this.blockedUntil, Math.min(slotAt, Math.max(recovery, now)));
  }

  private pump(): void {
    if (this.closed) return;
    const now = this.clock.now();
    while (this.waiters.length > 0) {
      const next = this.waiters.find((w) => w.lane === 'live') ?? this.waiters[0];
      const slot = next === undefined ? undefined : this.tryTake(next.lane, now);
      if (next === undefined || slot === undefined) break;
      this.remove(next);
      next.resolve(slot);
    }
    this.timer?.cancel();
    this.timer = undefined;
    const head = this.waiters.find((w) => w.lane === 'live') ?? this.waiters[0];
    if (head === undefined) return;
    const at = this.nextChance(head.lane, now);
    this.timer = this.clock.setTimeout(() => this.pump(), Math.max(1, at - now));
  }

  private remove(waiter: Waiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
    waiter.cleanup();
  }

  private prune(now: number): void {
    const horizon = now - this.options.windowMs - this.marginMs;
    for (const taken of [this.sent, this.sentBackfill]) {
      let drop = 0;
      while (drop < taken.length && (taken[drop] ?? 0) <= horizon) drop++;
      if (drop > 0) taken.splice(0, drop);
    }
  }

  private recover(now: number): void {
    while (this.effective < this.options.queries && now >= this.recoverAt) {
      this.effective = Math.min(this.options.queries, this.effective + Math.ceil(this.options.queries * RECOVERY_STEP));
      this.recoverAt += this.options.windowMs;
    }
  }
}

/** Moves one timestamp `from` to `to` (≥ from) in a sorted list, keeping it sorted. */
function move(taken: number[], from: number, to: number): void {
  const i = taken.indexOf(from);
  if (i < 0 || to === from) return; // already pruned, or nothing to move
  taken.splice(i, 1);
  let j = taken.length;
  while (j > 0 && (taken[j - 1] ?? 0) > to) j--;
  taken.splice(j, 0, to);
}
