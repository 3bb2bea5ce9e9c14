import { EmissionBuffer, R_BACKFILL, R_LATE, R_REVISION, R_STABLE } from './emission-buffer.js';
import type { LatePolicy } from './options.js';
import type { SeriesTable } from './series-table.js';
import { PUSHED, type TrackerWindow } from './tracker-window.js';
import { EMIT_REASONS, type BucketRef, type SeriesInfo } from './types.js';
import type { ValueRule } from './value-rule.js';

/**
 * What leaves the engine: pushes a tracker's latest value (marking it pushed, and counting a second push of
 * the same bucket as a revision) or a late observation, into the call's emission buffer, and keeps the
 * counts by reason. "Unpushed" — never pushed, or drifted from what was pushed — is what closing a window
 * and flushing must not lose.
 */
export class Emitter {
  readonly out = new EmissionBuffer();
  readonly emitted = new Float64Array(EMIT_REASONS.length);
  revisions = 0;
  latePoints = 0;

  constructor(
    private readonly series: SeriesTable,
    private readonly values: ValueRule,
    private readonly latePolicy: LatePolicy,
  ) {}

  unpushed(w: TrackerWindow, slot: number): boolean {
    return (w.flags[slot]! & PUSHED) === 0 || !this.values.equal(w.latest[slot]!, w.pushed[slot]!);
  }

  emit(w: TrackerWindow, slot: number, reason: number): void {
    const flags = w.flags[slot]!;
    const revision = (flags & PUSHED) !== 0;
    const value = w.latest[slot]!;
    w.flags[slot] = flags | PUSHED;
    w.pushed[slot] = value;
    const code = revision && (reason === R_STABLE || reason === R_BACKFILL) ? R_REVISION : reason;
    if (revision) this.revisions++;
    this.emitted[code]!++;
    const sid = w.sid[slot]!;
    this.out.push(this.series.keyOf(sid), this.series.infoOf(sid), w, value, code, revision);
  }

  /** Whether late observations are pushed (`late: push`); when not, `countLate` is all they need. */
  get pushesLate(): boolean {
    return this.latePolicy === 'push';
  }

  countLate(): void {
    this.latePoints++;
  }

  /** An observation for a closed bucket: counted, and pushed as it comes under `late: push`. */
  late(key: string, info: SeriesInfo | undefined, bucket: BucketRef, value: number): void {
    this.latePoints++;
    if (this.latePolicy !== 'push') return;
    this.emitted[R_LATE]!++;
    this.out.push(key, info, bucket, value, R_LATE, false);
  }

  lateKey(key: string, bucket: BucketRef, value: number): void {
    if (this.pushesLate) this.late(key, this.series.infoByKey(key), bucket, value);
    else this.latePoints++;
  }
}
