/**
 * A dataset spec says which Cloudflare GraphQL node to query, which dimensions to group by, and how each
 * returned value becomes a metric. The query builder, the row mapper and the README table all read the same
 * specs, so the query we send and the series we emit cannot drift apart.
 */

/** A field of a row (or of a map entry) that becomes a label. */
export interface LabelSource {
  readonly label: string;
  /** Field name inside `dimensions` (for dataset dimensions) or inside the map entry (for map labels). */
  readonly field: string;
  /** When the label is derived from the field rather than copied (e.g. country → region). */
  readonly derive?: (value: string) => string;
}

export interface MetricSpec {
  readonly name: string;
  /** UCUM-style unit as OpenTelemetry expects: `{request}`, `By`, ... */
  readonly unit: string;
  readonly description: string;
  /**
   * Dotted path of the numeric value: inside the row (`count`, `sum.requests`, `uniq.uniques`) or, with `map`,
   * inside each entry of the map (`requests`).
   */
  readonly value: string;
  /** Dotted path of a list of entries in the row (`sum.countryMap`); one point per entry. */
  readonly map?: string;
  /** Labels read from each map entry. */
  readonly mapLabels?: readonly LabelSource[];
  /**
   * `sum` (default): a per-minute amount, a delta monotonic sum. `gauge`: a level sampled per minute (a
   * quantile, a health flag, storage used), passed on as a gauge.
   */
  readonly kind?: 'sum' | 'gauge';
  /** Labels with a fixed value, e.g. `quantile: P99` for one of several quantile fields of one metric. */
  readonly constLabels?: Readonly<Record<string, string>>;
  /** Dataset labels this metric does not have; rows that differ only in them are merged (an account total). */
  readonly dropLabels?: readonly string[];
  /** How rows that land on one series in one minute combine: `sum` (default for sums) or `max` (for gauges). */
  readonly merge?: 'sum' | 'max';
  /**
   * What a value must look like: `count` (default for sums), a non-negative integer ≤ 2^53; `real` (default for
   * gauges), any finite non-negative number, for quantiles, averages and other measurements.
   */
  readonly values?: 'count' | 'real';
}

/**
 * Where a dataset lives in Cloudflare's schema: under `viewer.zones` (asked for up to 10 zones per query, points
 * labelled `zone` and `account`) or under `viewer.accounts` (one account per query, points labelled `account`).
 */
export type DatasetScope = 'zone' | 'account';

/** A dataset as users name it under `datasets:` in the receiver config. */
export interface DatasetSpec {
  readonly id: string;
  /** `zone` when absent. */
  readonly scope?: DatasetScope;
  /** The Cloudflare GraphQL field under `viewer.zones` (or `viewer.accounts`), e.g. `httpRequests1mGroups`. */
  readonly dataset: string;
  readonly description: string;
  /** Adaptive ("ABR") datasets are sampled: repeated queries can return slightly different numbers. */
  readonly adaptive: boolean;
  /** Group-by dimensions besides `datetimeMinute`, each becoming a label on every metric of the dataset. */
  readonly dimensions: readonly LabelSource[];
  /** Extra filter fields, sent as GraphQL literals next to the time range. */
  readonly filter?: Readonly<Record<string, string | number | readonly (string | number)[]>>;
  readonly metrics: readonly MetricSpec[];
}

/** The per-minute time dimension every zone dataset is grouped by. */
export const TIME_DIMENSION = 'datetimeMinute';
export const BUCKET_MS = 60_000;
