import type { SimClock } from '../types.js';

/** Virtual time running `speed` times faster than the wall clock from `startMs` (the CLI's --speed). */
export function acceleratedClock(speed: number, startMs: number, wallNow: () => number = Date.now): SimClock {
  if (!(speed > 0)) throw new RangeError(`clock speed must be > 0, got ${speed}`);
  const wallStart = wallNow();
  return { now: () => startMs + Math.floor((wallNow() - wallStart) * speed) };
}

export interface VirtualClock extends SimClock {
  set(ms: number): void;
  advance(ms: number): void;
}

/** A clock that only moves when told to: tests step through hours of settling without sleeping. */
export function createVirtualClock(startMs: number): VirtualClock {
  let now = startMs;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
