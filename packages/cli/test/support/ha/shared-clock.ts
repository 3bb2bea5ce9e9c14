import { setTimeout as delay } from 'node:timers/promises';
import { acceleratedClock, type Clock } from '@settle/core';

const MIN = 60_000;

/**
 * The accelerated virtual time every process of an HA run shares: base + (wall − anchor) × speed, so the
 * simulator, the test and each member (started or restarted at any moment) agree on the minute. Virtual time
 * starts `agoMinutes` before the wall clock on a whole minute (VictoriaMetrics takes no future points).
 */
export class SharedClock {
  readonly anchor = Date.now();
  readonly base: number;
  readonly clock: Clock;

  constructor(
    readonly speed: number,
    agoMinutes: number,
  ) {
    this.base = Math.floor((this.anchor - agoMinutes * MIN) / MIN) * MIN;
    this.clock = acceleratedClock(speed, this.base + Math.floor((Date.now() - this.anchor) * speed));
  }

  /** The arguments a member process needs to compute the same clock (see member.mjs). */
  get args(): string[] {
    return [String(this.base), String(this.anchor), String(this.speed)];
  }

  /** Resolves once virtual time reaches base + `virtualMs` (at once if it already has). */
  until(virtualMs: number): Promise<void> {
    return delay(Math.max(0, this.base + virtualMs - this.clock.now()) / this.speed);
  }
}
