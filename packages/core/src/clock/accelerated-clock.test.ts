import { describe, expect, it } from 'vitest';
import { acceleratedClock } from './accelerated-clock.js';

describe('acceleratedClock', () => {
  it('runs time `speed` times faster from the start time', () => {
    let wall = 1_000;
    const clock = acceleratedClock(60, 5_000_000, () => wall);
    expect(clock.now()).toBe(5_000_000);
    wall += 1_000;
    expect(clock.now()).toBe(5_060_000);
  });

  it('fires a timer once its delay has passed in clock time', async () => {
    const clock = acceleratedClock(1_000, 0);
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 5_000));
    expect(clock.now()).toBeGreaterThanOrEqual(5_000);
  });

  it('rejects a non-positive speed', () => {
    expect(() => acceleratedClock(0, 0)).toThrow(/speed must be > 0/);
  });
});
