/**
 * The data model every component speaks: OTLP-shaped, plain, readonly objects.
 *
 * Timestamps are epoch milliseconds (exact in a double). A batch is never mutated after it has been handed
 * to the next consumer, so a fanout can pass the same object to several pipelines without cloning.
 */

export type AttributeValue = string | number | boolean;

/** Labels of a data point or resource. Keys are attribute names, values scalars. */
export type Attributes = Readonly<Record<string, AttributeValue>>;

/** `gauge`: each point is a value at an instant. `sum`: each point is an amount over [startMs, timeMs]. */
export type MetricKind = 'gauge' | 'sum';

export type Temporality = 'delta' | 'cumulative';

export interface MetricDescriptor {
  readonly name: string;
  readonly kind: MetricKind;
  readonly unit?: string;
  readonly description?: string;
  /** Only meaningful for `sum`; per-bucket counts from analytics APIs are `delta`. */
  readonly temporality?: Temporality;
  /** Only meaningful for `sum`. */
  readonly monotonic?: boolean;
}

export interface DataPoint {
  readonly attributes: Attributes;
  /** Start of the interval the value covers (the bucket start for per-bucket counts). */
  readonly startMs?: number;
  /** The point's time (the bucket end for per-bucket counts, or the instant of a gauge). */
  readonly timeMs: number;
  readonly value: number;
}

export interface Metric {
  readonly descriptor: MetricDescriptor;
  readonly points: readonly DataPoint[];
}

/**
 * Where a batch's data comes from. `live` data may still change; `backfill` data is old enough to be final,
 * so processors such as converge can treat it as stable at once.
 */
export type Origin = 'live' | 'backfill';

/** What downstream stages must know about a batch beyond its points. */
export interface BatchMeta {
  readonly origin?: Origin;
  /**
   * True when the batch may hold only some of the series of a bucket (converge emits each series of a bucket
   * when that series settles). A stage that combines series within a bucket (`aggregate`) must refuse it.
   */
  readonly partialBuckets?: boolean;
  /** Free-form, namespaced by the component that sets them (e.g. `cloudflare.dataset`). */
  readonly [key: string]: unknown;
}

export interface Batch {
  readonly resource: Attributes;
  readonly metrics: readonly Metric[];
  readonly meta?: BatchMeta;
}
