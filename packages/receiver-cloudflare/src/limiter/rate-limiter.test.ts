import { FakeClock } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { RateLimiter, type Lane } from './rate-limiter.js';

const W = 300_000;

/** Starts `n` acquisitions and records the fake time each one got its slot. */
function track(limiter: RateLimiter, clock: FakeClock, lanes: Lane[]): { at: (number | undefined)[]; order: Lane[] } {
  const at: (number | undefined)[] = lanes.map(() => undefined);
  const order: Lane[] = [];
  lanes.forEach((lane, i) => {
    void limiter.acquire(lane).then(() => {
      at[i] = clock.now();
      order.push(lane);
    });
  });
  return { at, order };
}

describe('RateLimiter', () => {
  it('never lets more than `queries` through in any window (plus margin)', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock, { queries: 5, windowMs: W, marginMs: 1_000 });
    const { at } = track(limiter, clock, Array<Lane>(12).fill('live'));
    await clock.advance(0);
    expect(at.filter((t) => t !== undefined)).toHaveLength(5);
    expect(limiter.remaining()).toBe(0);
    await clock.advance(W + 1_000);
    expect(at.filter((t) => t !== undefined)).toHaveLength(10);
    await clock.advance(W + 1_000);
    const times = at.map((t) => t ?? -1);
    expect(times.every((t) => t >= 0)).toBe(true);
    for (const t of times) expect(times.filter((u) => u > t - W - 1_000 && u <= t).length).toBeLessThanOrEqual(5);
  });

  it('serves live before backfill and keeps the live reserve free from backfill', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock, { queries: 4, windowMs: W, marginMs: 0 });
    limiter.setLiveReserve(2);
    const first = track(limiter, clock, ['backfill', 'backfill', 'backfill']);
    await clock.advance(0);
    // 4 slots, 2 reserved for live: only 2 backfill queries may go now.
    expect(first.at.filter((t) => t !== undefined)).toHaveLength(2);
    const live = track(limiter, clock, ['live', 'live']);
    await clock.advance(0);
    expect(live.at).toEqual([0, 0]);
    expect(first.at[2]).toBeUndefined();
    await clock.advance(W);
    expect(first.at[2]).toBe(W);
  });

  it('caps backfill at the quota minus the live need per window, so a backfill burst cannot starve later polls', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock, { queries: 10, windowMs: W, marginMs: 0 });
    limiter.setLiveReserve(6);
    const backfill = track(limiter, clock, Array<Lane>(8).fill('backfill'));
    await clock.advance(0);
    expect(backfill.at.filter((t) => t !== undefined)).toHaveLength(4);
    // Six live polls of one query each, spread over the window, all get through at once.
    for (let i = 0; i < 6; i++) {
      const live = track(limiter, clock, ['live']);
      await clock.advance(0);
      expect(live.at[0]).toBe(clock.now());
      await clock.advance(40_000);
    }
    expect(backfill.at.filter((t) => t !== undefined)).toHaveLength(4);
    await clock.advance(W);
    expect(backfill.at.filter((t) => t !== undefined)).toHaveLength(8);
  });

  it('hands freed slots to a queued live request before an older backfill one', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock, { queries: 1, windowMs: W, marginMs: 0 });
    await limiter.acquire('live');
    const waiting = track(limiter, clock, ['backfill', 'live']);
    await clock.advance(W);
    expect(waiting.order).toEqual(['live']);
    await clock.advance(W);
    expect(waiting.order).toEqual(['live', 'backfill']);
  });

  it('blocks everyone after a rate-limit reply, shrinks the budget, and recovers over clean windows', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock, { queries: 100, windowMs: W, marginMs: 0 });
    limiter.penalize(60_000);
    expect(limiter.currentLimit()).toBe(75);
    const { at } = track(limiter, clock, ['live']);
    await clock.advance(59_999);
    expect(at[0]).toBeUndefined();
    await clock.advance(1);
    expect(at[0]).toBe(60_000);
    await clock.advance(60_000 + W - 60_000);
    expect(limiter.currentLimit()).toBe(85);
    await clock.advance(3 * W);
    expect(limiter.currentLimit()).toBe(100);
  });

  it('counts a slot from when its query was answered, as the server counted it on arrival', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock, { queries: 1, windowMs: W, marginMs: 0 });
    const slot = await limiter.acquire('live');
    await clock.advance(10_000);
    slot.answered();
    const { at } = track(limiter, clock, ['live']);
    // Counted from the send (0), the slot would be free at W; counted from the answer, only at W + 10 s.
    await clock.advance(W - 1);
    expect(at[0]).toBeUndefined();
    await clock.advance(1);
    expect(at[0]).toBe(W + 10_000);
  });

  it('rejects waiters on abort and on close', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock, { queries: 1, windowMs: W });
    await limiter.acquire('live');
    const ac = new AbortController();
    const aborted = limiter.acquire('live', ac.signal);
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    const closed = limiter.acquire('backfill');
    limiter.close();
    await expect(closed).rejects.toThrow('closed');
    expect(clock.pending()).toBe(0);
  });
});
