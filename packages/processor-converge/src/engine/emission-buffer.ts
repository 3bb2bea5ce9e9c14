import type { BucketRef, EmitReason, Emission, SeriesInfo } from './types.js';
import { EMIT_REASONS } from './types.js';

/** Reason codes: indexes into EMIT_REASONS. */
export const R_STABLE = 0;
export const R_BACKFILL = 1;
export const R_REVISION = 2;
export const R_TTL = 3;
export const R_FLUSH = 4;
export const R_EVICTED = 5;
export const R_LATE = 6;

/**
 * The points one engine call emitted, kept in columns so that emitting a million of them allocates no
 * object per point (the benchmark's polls stabilise up to 133,000 each): the processor turns it into batches
 * straight from these columns (to-batches.ts). Read it before the next engine call: the engine reuses the
 * buffer. `toArray()` (or iterating) materialises plain Emission objects, for tests and embedders.
 */
export class EmissionBuffer {
  length = 0;
  private keys: (string | undefined)[] = [];
  private infos: (SeriesInfo | undefined)[] = [];
  private buckets: (BucketRef | undefined)[] = [];
  private values = new Float64Array(1024);
  private codes = new Uint8Array(1024);
  private revisions = new Uint8Array(1024);

  /**
   * Empties the buffer for the next call, keeping its capacity (regrowing three arrays of ~10⁵ entries every
   * poll is garbage) but not its references (a closed window must not stay reachable through the buffer).
   */
  reset(): void {
    const n = this.length;
    if (n > 0) {
      this.keys.fill(undefined, 0, n);
      this.infos.fill(undefined, 0, n);
      this.buckets.fill(undefined, 0, n);
    }
    this.length = 0;
  }

  push(
    key: string,
    info: SeriesInfo | undefined,
    bucket: BucketRef,
    value: number,
    code: number,
    revision: boolean,
  ): void {
    const i = this.length++;
    if (i === this.values.length) this.grow();
    this.keys[i] = key;
    this.infos[i] = info;
    this.buckets[i] = bucket;
    this.values[i] = value;
    this.codes[i] = code;
    this.revisions[i] = revision ? 1 : 0;
  }

  key(i: number): string {
    return this.keys[i]!;
  }

  value(i: number): number {
    return this.values[i]!;
  }

  reason(i: number): EmitReason {
    return EMIT_REASONS[this.codes[i]!]!;
  }

  bucket(i: number): BucketRef {
    return this.buckets[i]!;
  }

  /** What the series' points are rebuilt from; undefined only for a key the columnar input met without info. */
  info(i: number): SeriesInfo | undefined {
    return this.infos[i];
  }

  /** The reason as its index in EMIT_REASONS (R_STABLE ...). */
  code(i: number): number {
    return this.codes[i]!;
  }

  revision(i: number): boolean {
    return this.revisions[i] === 1;
  }

  *[Symbol.iterator](): IterableIterator<Emission> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  at(i: number): Emission {
    if (i < 0 || i >= this.length) throw new RangeError(`emission ${i} out of range 0..${this.length - 1}`);
    const b = this.buckets[i]!;
    return {
      key: this.keys[i]!,
      info: this.infos[i],
      startMs: b.startMs,
      timeMs: b.timeMs,
      value: this.values[i]!,
      reason: this.reason(i),
      revision: this.revisions[i] === 1,
    };
  }

  toArray(): Emission[] {
    const out = new Array<Emission>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i);
    return out;
  }

  private grow(): void {
    const cap = this.values.length * 2;
    const values = new Float64Array(cap);
    values.set(this.values);
    this.values = values;
    const codes = new Uint8Array(cap);
    codes.set(this.codes);
    this.codes = codes;
    const revisions = new Uint8Array(cap);
    revisions.set(this.revisions);
    this.revisions = revisions;
  }
}
