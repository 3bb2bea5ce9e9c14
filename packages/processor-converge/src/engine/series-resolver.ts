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

  /** `minSweep`: see SeriesLookup (tests lower it to exercise sweeps). */
  constructor(
    private readonly series: SeriesTable,
    minSweep?: number,
  ) {
    this.lookup = new SeriesLookup(series, minSweep);
  }

  forResource(resource: Attributes): this {
    if (resource !== this.resource) {
      this.resource = resource;
      this.encoder.forResource(resource);
      this.sharedResource = undefined;
    }
    return this;
  }

  forMetric(descriptor: MetricDescriptor): this {
    this.encoder.forMetric(descriptor.name);
    this.metric = this.lookup.metric(this.encoder.resourceKey, descriptor.name);
    if (descriptor !== this.descriptor) {
      this.descriptor = descriptor;
      this.sharedDescriptor = undefined;
    }
    return this;
  }

  /** The series id of a point with these attributes (of the current metric and resource), interning it if new. */
  resolve(attrs: Attributes): number {
    const id = this.metric!.find(attrs);
    return id >= 0 ? id : this.intern(attrs);
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
    this.metric!.remember(attrs, id, this.series.keyOf(id));
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
