import type { Attributes } from '@settle/core';
import { pointId } from './point-id.js';

/** What a strategy pushed for one point: the first value (what a dashboard showed first) and the last. */
export interface PushRecord {
  readonly firstValue: number;
  readonly firstAtMs: number;
  /** End of the point's bucket: delay = firstAtMs - bucketEndMs. */
  readonly bucketEndMs: number;
  /** True when the first push was forced (window expiry, shutdown), not a stable value. */
  readonly forced: boolean;
  lastValue: number;
  lastAtMs: number;
  pushes: number;
}

/** Every push of one strategy, keyed by point id. */
export class PushLog {
  readonly points = new Map<string, PushRecord>();

  record(
    metric: string,
    attributes: Attributes,
    startMs: number,
    bucketEndMs: number,
    value: number,
    atMs: number,
    forced = false,
  ): void {
    this.recordId(pointId(metric, attributes, startMs), bucketEndMs, value, atMs, forced);
  }

  recordId(id: string, bucketEndMs: number, value: number, atMs: number, forced = false): void {
    const prev = this.points.get(id);
    if (prev === undefined) {
      this.points.set(id, {
        firstValue: value,
        firstAtMs: atMs,
        bucketEndMs,
        forced,
        lastValue: value,
        lastAtMs: atMs,
        pushes: 1,
      });
      return;
    }
    prev.lastValue = value;
    prev.lastAtMs = atMs;
    prev.pushes++;
  }
}
