import {
  handoffOf,
  type Attributes,
  type Batch,
  type DataPoint,
  type Metric,
  type MetricDescriptor,
} from '@settle/core';

/**
 * The records of converge's pushed log: each holds the batches one step forwarded, in a compact form that costs
 * a few bytes and no JSON per point (the general batch codec spends ~1 µs and ~50 bytes per point, as much as
 * the engine's whole step at 10⁵ series). Attribute sets, resources and descriptors are objects the engine
 * shares between emissions, so each is written once per log (by identity, into a dictionary that the records
 * extend in order) and points refer to it by index:
 *   u32 header length | header JSON | f64 × 3n (start or NaN, time, value per point) | u32 × n (attributes)
 */
/** Record flag: the format above. */
export const PUSHED_LOG_FORMAT = 1;
/** Record flag: the dictionary starts afresh here (first record after a truncation or a failed append). */
export const DICTIONARY_RESET = 2;

interface Header {
  /** Dictionary entries new in this record: attribute sets, resources, descriptors. */
  readonly a: Attributes[];
  readonly r: Attributes[];
  readonly d: MetricDescriptor[];
  /** The batches: resource index, meta, and per metric its descriptor index and point count. */
  readonly b: { r: number; m: Batch['meta']; x: [number, number][] }[];
}

class Dictionary<T extends object> {
  private readonly index = new Map<T, number>();
  size = 0;
  indexOf(item: T, added: T[]): number {
    let i = this.index.get(item);
    if (i === undefined) {
      i = this.size++;
      this.index.set(item, i);
      added.push(item);
    }
    return i;
  }
}

/** Encodes the batches of one step; the dictionary lives as long as the log (reset when it is truncated). */
export class PushedLogEncoder {
  private attrs = new Dictionary<Attributes>();
  private resources = new Dictionary<Attributes>();
  private descriptors = new Dictionary<MetricDescriptor>();
  private fresh = true;

  /** Forgets the dictionary: after the log was truncated, or when an append may not have reached it. */
  reset(): void {
    this.attrs = new Dictionary();
    this.resources = new Dictionary();
    this.descriptors = new Dictionary();
    this.fresh = true;
  }

  encode(batches: readonly Batch[]): { flags: number; payload: Buffer } {
    const flags = PUSHED_LOG_FORMAT | (this.fresh ? DICTIONARY_RESET : 0);
    this.fresh = false;
    return { flags, payload: this.payload(batches) };
  }

  private payload(batches: readonly Batch[]): Buffer {
    const header: Header = { a: [], r: [], d: [], b: [] };
    let n = 0;
    for (const b of batches) for (const m of b.metrics) n += m.points.length;
    const numbers = new Float64Array(3 * n);
    const attrIndex = new Uint32Array(n);
    let i = 0;
    for (const b of batches) {
      const x: [number, number][] = [];
      for (const m of b.metrics) {
        x.push([this.descriptors.indexOf(m.descriptor, header.d), m.points.length]);
        for (const p of m.points) {
          numbers[3 * i] = p.startMs ?? Number.NaN;
          numbers[3 * i + 1] = p.timeMs;
          numbers[3 * i + 2] = p.value;
          attrIndex[i++] = this.attrs.indexOf(p.attributes, header.a);
        }
      }
      header.b.push({ r: this.resources.indexOf(b.resource, header.r), m: b.meta, x });
    }
    const json = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length);
    return Buffer.concat([length, json, Buffer.from(numbers.buffer), Buffer.from(attrIndex.buffer)]);
  }
}

/** Decodes records in the order they were written (each extends the dictionary the next may use). */
export class PushedLogDecoder {
  private attrs: Attributes[] = [];
  private resources: Attributes[] = [];
  private descriptors: MetricDescriptor[] = [];

  /** Throws on a record of another format or one referring to entries this decoder never saw. */
  decode(flags: number, payload: Buffer): Batch[] {
    if ((flags & PUSHED_LOG_FORMAT) === 0) throw new Error(`unknown pushed log record format (flags ${flags})`);
    if ((flags & DICTIONARY_RESET) !== 0) {
      this.attrs = [];
      this.resources = [];
      this.descriptors = [];
    }
    const jsonLength = payload.readUInt32LE(0);
    const header = JSON.parse(payload.subarray(4, 4 + jsonLength).toString('utf8')) as Header;
    this.attrs.push(...header.a);
    this.resources.push(...header.r);
    this.descriptors.push(...header.d);
    let n = 0;
    for (const b of header.b) for (const [, count] of b.x) n += count;
    const from = 4 + jsonLength;
    // Copied out: the typed arrays need their own aligned buffers.
    const numbers = new Float64Array(Uint8Array.prototype.slice.call(payload, from, from + 24 * n).buffer);
    const attrIndex = new Uint32Array(Uint8Array.prototype.slice.call(payload, from + 24 * n, from + 28 * n).buffer);
    let i = 0;
    return header.b.map((b) => {
      const metrics: Metric[] = b.x.map(([d, count]) => {
        const points: DataPoint[] = new Array<DataPoint>(count);
        for (let k = 0; k < count; k++, i++) {
          const start = numbers[3 * i]!;
          const attributes = entry(this.attrs, attrIndex[i]!);
          const timeMs = numbers[3 * i + 1]!;
          const value = numbers[3 * i + 2]!;
          points[k] = Number.isNaN(start)
            ? { attributes, timeMs, value }
            : { attributes, startMs: start, timeMs, value };
        }
        return { descriptor: entry(this.descriptors, d), points };
      });
      const resource = entry(this.resources, b.r);
      return b.m === undefined ? { resource, metrics } : { resource, metrics, meta: b.m };
    });
  }
}

function entry<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`pushed log record refers to dictionary entry ${i}, never written`);
  return item;
}

/** The highest handoff seq among the batches (0 without any). */
export function lastSeq(batches: readonly Batch[]): number {
  let seq = 0;
  for (const b of batches) seq = Math.max(seq, handoffOf(b)?.seq ?? 0);
  return seq;
}
