import type { Attributes, MetricDescriptor } from '@settle/core';
import { SeriesKeyEncoder } from './series-key.js';
import { SeriesLookup, type MetricLookup } from './series-lookup.js';
import type { SeriesTable } from './series-table.js';
import type { SeriesInfo } from './types.js';

/**
 * Turns the points of a batch into series ids: a known series is found by its attribute values (SeriesLookup);
 * a new one gets its canonical key built (SeriesKeyEncoder, the same keys as core's seriesKey) and interned
 * with what is needed to rebuild its points, descriptor and resource objects shared between series.
 * Call `forResource` once per batch and `forMetric` once per metric, then `resolve` per point.
 */
export class SeriesResolver {
  private readonly encoder = new SeriesKeyEncoder();
  private readonly lookup: SeriesLookup;
  private readonly descriptors = new Map<string, MetricDescriptor>();
  private readonly resources = new Map<string, Attributes>();
  private resource: Attributes = {};
  private sharedResource: Attributes | undefined;
  private descriptor: MetricDescriptor | undefined;
  private sharedDescriptor: MetricDescriptor | undefined;
  private metric: MetricLookup | undefined;
  /** The series of the previous point of this metric, or -1. */
  private prev = -1;

  /** `minSweep`: see SeriesLookup (tests lower it to exercise sweeps). */
  constructor(
    private readonly series: SeriesTable,
    minSweep?: number,
  ) {
    this.lookup = new SeriesLookup(series, minSweep);
  }

  forResource(resource: Attributes): this {
    this.prev = -1;
    if (resource !== this.resource) {
      this.resource = resource;
      this.encoder.forResource(resource);
      this.sharedResource = undefined;
    }
    return this;
  }

  forMetric(descriptor: MetricDescriptor): this {
    this.prev = -1;
    this.encoder.forMetric(descriptor.name);
    this.metric = this.lookup.metric(this.encoder.resourceKey, descriptor.name);
    if (descriptor !== this.descriptor) {
      this.descriptor = descriptor;
      this.sharedDescriptor = undefined;
    }
    return this;
  }

  /**
   * The series id of a point with these attributes (of the current metric and resource), interning it if new.
   * A source answers in the same order poll after poll, so the series that followed the previous point's
   * last time (SeriesTable.successor) is checked first, against the attributes it was interned with.
   */
  resolve(attrs: Attributes): number {
    const prev = this.prev;
    if (prev >= 0) {
      const guess = this.series.successor(prev);
      if (guess >= 0 && this.is(guess, attrs)) return (this.prev = guess);
    }
    let id = this.metric!.find(attrs);
    if (id < 0) id = this.intern(attrs);
    if (prev >= 0) this.series.link(prev, id);
    return (this.prev = id);
  }

  /**
   * Whether series `id` is the one of `attrs`: interned under the current metric and resource, with as many
   * attributes, each equal (scalars only, as the trie caches; NaN never matches and falls through to it).
   * Then its canonical key is the one `attrs` would build.
   */
  private is(id: number, attrs: Attributes): boolean {
    const { series } = this;
    if (series.scope[id] !== this.metric!.scope) return false;
    const info = series.infoOf(id);
    if (info === undefined) return false;
    const known = info.attributes;
    let n = 0;
    for (const k in attrs) {
      const v = attrs[k];
      if (known[k] !== v || typeof v === 'object' || v === undefined) return false;
      n++;
    }
    return n === series.arity[id];
  }

  /** Key and info of a point that is not tracked (late, pushed as it comes): nothing is interned for it. */
  describe(attrs: Attributes): { key: string; info: SeriesInfo } {
    const info = { descriptor: this.descriptor!, attributes: attrs, resource: this.resource };
    return { key: this.encoder.key(attrs), info };
  }

  /** How many (attribute values → id) entries are cached. */
  get cached(): number {
    return this.lookup.size;
  }

  private intern(attrs: Attributes): number {
    const key = this.encoder.key(attrs);
    this.sharedResource ??= this.share(this.resources, this.encoder.resourceKey, this.resource);
    this.sharedDescriptor ??= this.share(this.descriptors, descriptorKey(this.descriptor!), this.descriptor!);
    const id = this.series.intern(key, {
      descriptor: this.sharedDescriptor,
      attributes: attrs,
      resource: this.sharedResource,
    });
    this.series.scope[id] = this.metric!.scope;
    this.series.arity[id] = Math.min(0xffff, Object.keys(attrs).length);
    this.metric!.remember(attrs, id);
    return id;
  }

  private share<T>(known: Map<string, T>, key: string, value: T): T {
    const shared = known.get(key);
    if (shared !== undefined) return shared;
    known.set(key, value);
    return value;
  }
}

function descriptorKey(d: MetricDescriptor): string {
  return JSON.stringify([d.name, d.kind, d.unit, d.description, d.temporality, d.monotonic]);
}
