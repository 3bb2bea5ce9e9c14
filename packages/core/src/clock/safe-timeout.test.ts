import { afterEach, describe, expect, it } from 'vitest';
import { acceleratedClock } from './accelerated-clock.js';
import { MAX_TIMER_MS, safeTimeout } from './safe-timeout.js';
import { systemClock } from './system-clock.js';

/** A hand-driven timer: records each delay asked for, fires the latest on `fire()`. */
function manualTimers() {
  const asked: number[] = [];
  let pending: (() => void) | undefined;
  return {
    asked,
    set: (callback: () => void, ms: number) => {
      asked.push(ms);
      pending = callback;
      return () => (pending = undefined);
    },
    fire: () => {
      const cb = pending;
      pending = undefined;
      cb?.();
    },
    get pending() {
      return pending !== undefined;
    },
  };
}

describe('safeTimeout', () => {
  it('splits a delay longer than a Node timer holds into waits it can hold', () => {
    const timers = manualTimers();
    let fired = 0;
    safeTimeout(() => fired++, 2.5 * MAX_TIMER_MS, timers.set);
    timers.fire();
    timers.fire();
    expect(fired).toBe(0);
    timers.fire();
    expect(fired).toBe(1);
    expect(timers.asked).toEqual([MAX_TIMER_MS, MAX_TIMER_MS, 0.5 * MAX_TIMER_MS]);
  });

  it('never fires an infinite delay, and cancels a split wait at any step', () => {
    const timers = manualTimers();
    let fired = 0;
    safeTimeout(() => fired++, Number.POSITIVE_INFINITY, timers.set).cancel();
    expect(timers.asked).toEqual([]);
    const t = safeTimeout(() => fired++, 3 * MAX_TIMER_MS, timers.set);
    timers.fire();
    t.cancel();
    expect(timers.pending).toBe(false);
    expect(fired).toBe(0);
  });

  it('treats NaN and negative delays as 0 (a bug upstream must not stop the clock)', () => {
    const timers = manualTimers();
    safeTimeout(() => undefined, Number.NaN, timers.set);
    safeTimeout(() => undefined, -5, timers.set);
    expect(timers.asked).toEqual([0, 0]);
  });
});

describe('clocks never overflow a Node timer', () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  afterEach(() => {
    process.off('warning', onWarning);
  });

  it('a 30-day wait neither fires at once nor prints TimeoutOverflowWarning', async () => {
    process.on('warning', onWarning);
    let fired = false;
    const timers = [
      systemClock.setTimeout(() => (fired = true), 30 * 86_400_000),
      acceleratedClock(2, 0).setTimeout(() => (fired = true), 90 * 86_400_000),
    ];
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const t of timers) t.cancel();
    expect(fired).toBe(false);
    expect(warnings).not.toContain('TimeoutOverflowWarning');
  });
});
