import type { ZoneInfo } from '@settle/receiver-cloudflare';
import type { PushLog } from './push-log.js';
import { queryZonesOnce, type ZoneQueryTarget } from '@settle/receiver-cloudflare';

const MINUTE = 60_000;

/**
 * Today's exporters (lablabs, Cloudflare's own): read each minute exactly once, when it is `delayMs` old
 * (measured from the minute's end, as `scrape_delay`), and push what was read. Queries carry up to 10 zones,
 * as the receiver's do, so query counts compare fairly.
 */
export class FixedDelayPoller {
  private nextMinuteMs: number;

  constructor(
    private readonly target: ZoneQueryTarget,
    private readonly datasets: readonly string[],
    private readonly zones: readonly ZoneInfo[],
    readonly delayMs: number,
    firstMinuteMs: number,
    private readonly log: PushLog,
  ) {
    this.nextMinuteMs = firstMinuteMs;
  }

  /** Reads every minute that has become `delayMs` old by `nowMs`. */
  async tick(nowMs: number): Promise<void> {
    while (this.nextMinuteMs + MINUTE + this.delayMs <= nowMs) {
      const minute = this.nextMinuteMs;
      this.nextMinuteMs += MINUTE;
      for (const dataset of this.datasets) {
        for (let i = 0; i < this.zones.length; i += 10) {
          const metrics = await queryZonesOnce(
            this.target,
            dataset,
            this.zones.slice(i, i + 10),
            minute,
            minute + MINUTE,
          );
          for (const m of metrics) {
            for (const p of m.points) {
              const id = this.log.ids.internPoint(m.descriptor.name, p.attributes, p.startMs ?? minute, p.timeMs);
              this.log.record(id, p.value, nowMs);
            }
          }
        }
      }
    }
  }
}
