import type { Batch, DataPoint, Metric, MetricDescriptor } from '../model/types.js';
import { countPoints } from '../model/batch.js';
import { seriesKey } from '../model/series-key.js';
import { mergeBatches } from './batch-split.js';

interface Entry {
  batch: Batch;
  /** When the backend acknowledged it (last time, if it was re-sent). */
  ackedAt: number;
  points: number;
}

/**
 * What the backend acknowledged recently and may still lose (VictoriaMetrics keeps a 204'd sample in memory
 * for up to ~10 s). An entry leaves the window once the backend was seen alive, with no sign of a restart,
 * `windowMs` after its acknowledgement; for backends that offer no such sign, once `windowMs` has passed.
 * So a sparse push rhythm cannot age an entry out before the next push could find out it was lost.
 */
export class ResendWindow {
  private entries: Entry[] = [];
  private points = 0;

  /**
   * `maxPoints` bounds the memory the window holds at a high push rate: past it the oldest requests leave
   * early (they can no longer be re-sent) and `onOverflow` is told how many points left.
   */
  constructor(
    private readonly windowMs: number,
    private readonly maxPoints = Number.POSITIVE_INFINITY,
    private readonly onOverflow: (points: number) => void = () => undefined,
  ) {}

  get enabled(): boolean {
    return this.windowMs > 0;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Points the window holds. */
  get heldPoints(): number {
    return this.points;
  }

  add(batch: Batch, ackedAt: number): void {
    if (!this.enabled) return;
    const points = countPoints(batch);
    this.entries.push({ batch, ackedAt, points });
    this.points += points;
    if (this.points <= this.maxPoints) return;
    let over = 0;
    while (this.points > this.maxPoints && this.entries.length > 0) over += this.dropOldest();
    this.onOverflow(over);
  }

  /** The backend was alive and had not lost anything up to `aliveAt`: entries older than a window are safe. */
  confirm(aliveAt: number): void {
    while (this.entries.length > 0 && this.entries[0]!.ackedAt + this.windowMs <= aliveAt) this.dropOldest();
  }

  private dropOldest(): number {
    const e = this.entries.shift();
    this.points -= e?.points ?? 0;
    return e?.points ?? 0;
  }

  /**
   * What to send again, in queue order, collapsed to the newest value of each point, leaving out the points
   * `newer` batches (about to be sent) carry again: an older revision must not follow or compete with them.
   */
  pending(newer: readonly Batch[] = []): Batch[] {
    const skip = new Set<string>();
    for (const b of newer)
      for (const m of b.metrics) for (const p of m.points) skip.add(pointKey(m.descriptor.name, p));
    return mergeBatches(this.entries.map((e) => e.batch))
      .map((b) => latestPerPoint(b, skip))
      .filter((b) => b.metrics.length > 0);
  }

  /** Everything in the window was acknowledged again at `at` (re-sent). */
  reacked(at: number): void {
    for (const e of this.entries) e.ackedAt = at;
  }
}

/** The identity of a point: metric, attributes, interval (the resource is the batch's, compared by merging). */
function pointKey(name: string, p: DataPoint): string {
  return `${seriesKey(name, p.attributes)}@${p.startMs}/${p.timeMs}`;
}

/**
 * One point per (metric, attributes, start, time): the last one in batch order (the newest revision), kept at
 * the position of the first, so a re-send never carries an older value after a newer one.
 */
export function latestPerPoint(batch: Batch, skip: ReadonlySet<string> = new Set()): Batch {
  const metrics = new Map<string, { descriptor: MetricDescriptor; points: Map<string, DataPoint> }>();
  for (const m of batch.metrics) {
    let slot = metrics.get(m.descriptor.name);
    if (slot === undefined) {
      slot = { descriptor: m.descriptor, points: new Map() };
      metrics.set(m.descriptor.name, slot);
    }
    for (const p of m.points) {
      const key = pointKey(m.descriptor.name, p);
      if (!skip.has(key)) slot.points.set(key, p);
    }
  }
  const out: Metric[] = [...metrics.values()]
    .filter((s) => s.points.size > 0)
    .map((s) => ({ descriptor: s.descriptor, points: [...s.points.values()] }));
  return batch.meta === undefined
    ? { resource: batch.resource, metrics: out }
    : { resource: batch.resource, metrics: out, meta: batch.meta };
}
