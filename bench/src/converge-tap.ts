import type { Batch, Clock, Consumer } from '@settle/core';
import {
  ConvergeEngine,
  type BucketRef,
  type EmitReason,
  type EngineOptions,
  type ObservationColumns,
} from '@settle/processor-converge';
import { seriesIdentity } from './point-id.js';
import { PushLog, type PointIds } from './push-log.js';

export interface EngineVariant {
  readonly name: string;
  readonly options: EngineOptions;
}

interface Running {
  readonly variant: EngineVariant;
  readonly engine: ConvergeEngine;
  readonly log: PushLog;
}

/** What every emission path gives back: a key, a bucket, a value and a reason per index. */
interface EmittedList {
  readonly length: number;
  key(i: number): string;
  bucket(i: number): BucketRef;
  value(i: number): number;
  reason(i: number): EmitReason;
}

const FORCED: ReadonlySet<EmitReason> = new Set(['ttl', 'flush', 'evicted']);

/**
 * Sits where the converge processor sits: every batch the receiver emits goes into one engine per variant.
 * The engine is a pure function of the observations and `now`, so one poll stream can feed them all and every
 * variant sees exactly the same data. The batch is turned into the engine's columnar form once (its other
 * public entry point, same rules) so twenty engines do not each rebuild the series keys; `expire` runs on the
 * processor's cadence.
 */
export class ConvergeTap implements Consumer {
  readonly running: readonly Running[];

  constructor(
    private readonly clock: Clock,
    variants: readonly EngineVariant[],
    private readonly ids: PointIds,
  ) {
    this.running = variants.map((variant) => ({
      variant,
      engine: new ConvergeEngine(variant.options),
      log: new PushLog(ids),
    }));
  }

  consume(batch: Batch): Promise<void> {
    const now = this.clock.now();
    const cols = toColumns(batch);
    const origin = batch.meta?.origin ?? 'live';
    for (const r of this.running) this.record(r, r.engine.ingestColumns(cols, now, origin), now);
    return Promise.resolve();
  }

  expire(now: number): void {
    for (const r of this.running) this.record(r, wrap(r.engine.expire(now)), now);
  }

  private record(r: Running, out: EmittedList, now: number): void {
    for (let i = 0; i < out.length; i++) {
      const b = out.bucket(i);
      const id = this.ids.intern(out.key(i), b.startMs ?? b.timeMs, b.timeMs);
      r.log.record(id, out.value(i), now, FORCED.has(out.reason(i)));
    }
  }
}

function toColumns(batch: Batch): ObservationColumns {
  const buckets: BucketRef[] = [];
  const bucketIndex = new Map<number, number>();
  const series: string[] = [];
  const bucket: number[] = [];
  const values: number[] = [];
  for (const m of batch.metrics) {
    for (const p of m.points) {
      let b = bucketIndex.get(p.timeMs);
      if (b === undefined) {
        b = buckets.length;
        buckets.push({ startMs: p.startMs, timeMs: p.timeMs });
        bucketIndex.set(p.timeMs, b);
      }
      series.push(seriesIdentity(m.descriptor.name, p.attributes));
      bucket.push(b);
      values.push(p.value);
    }
  }
  return {
    length: series.length,
    buckets,
    bucket: Int32Array.from(bucket),
    series,
    values: Float64Array.from(values),
  };
}

function wrap(
  list: readonly { key: string; startMs: number | undefined; timeMs: number; value: number; reason: EmitReason }[],
): EmittedList {
  return {
    length: list.length,
    key: (i) => list[i]!.key,
    bucket: (i) => ({ startMs: list[i]!.startMs, timeMs: list[i]!.timeMs }),
    value: (i) => list[i]!.value,
    reason: (i) => list[i]!.reason,
  };
}
