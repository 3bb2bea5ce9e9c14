import { describe, expect, it } from 'vitest';
import { SlidingWindow } from './sliding-window.js';

describe('SlidingWindow', () => {
  it('admits `limit` per window per key and says when the next slot frees', () => {
    const w = new SlidingWindow(3, 1000);
    expect([0, 100, 200].map((t) => w.tryAcquire('a', t).ok)).toEqual([true, true, true]);
    expect(w.tryAcquire('a', 300)).toEqual({ ok: false, retryAfterMs: 700 });
    expect(w.tryAcquire('b', 300).ok).toBe(true);
    expect(w.remaining('a', 999)).toBe(0);
    expect(w.tryAcquire('a', 1000)).toEqual({ ok: true, remaining: 0 });
    expect(w.remaining('a', 1200)).toBe(2);
  });
});
