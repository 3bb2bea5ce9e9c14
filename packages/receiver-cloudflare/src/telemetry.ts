import type { Attributes, Counter, Meter, ObservableGauge, ObservableResult } from '@opentelemetry/api';

/** Result label of `settle_cloudflare_queries`: one count per HTTP query sent. */
export type QueryResult =
  'ok' | 'partial' | 'retry' | 'rate_limited' | 'permission' | 'bad_query' | 'auth' | 'malformed';

export interface TelemetrySources {
  readonly now: () => number;
  readonly rateLimitRemaining: () => number;
  readonly zones: () => number;
  /** Zones (and accounts) collected only for a handover after a cluster membership change. */
  readonly handoverZones: () => number;
  /** Credentials in use (those Cloudflare refused are taken out). */
  readonly credentials: () => number;
  readonly backfillCursors: () => readonly [string, number][];
}

/**
 * The receiver's own metrics. Attributes are dataset ids, results and the component id only: credentials
 * and zone data never become attributes.
 */
export class Telemetry {
  private readonly queries: Counter;
  private readonly invalid: Counter;
  private readonly gauges: { gauge: ObservableGauge; callback: (r: ObservableResult) => void }[] = [];
  private readonly newest = new Map<string, number>();
  private readonly base: Attributes;

  constructor(
    private readonly meter: Meter,
    /** `receiver` (the component id), and `member` under `service.cluster`. */
    base: Attributes,
    private readonly sources: TelemetrySources,
  ) {
    this.base = base;
    this.queries = meter.createCounter('settle_cloudflare_queries', {
      description: 'GraphQL queries sent, by dataset and result',
    });
    this.invalid = meter.createCounter('settle_cloudflare_invalid_values', {
      description: 'Rows or values in replies that could not be read and were dropped',
    });
    this.observe('settle_cloudflare_rate_limit_remaining', 'Queries left in the current rate-limit window', (r) =>
      r.observe(this.sources.rateLimitRemaining(), this.base),
    );
    this.observe('settle_cloudflare_zones', 'Zones being collected', (r) => r.observe(this.sources.zones(), this.base));
    this.observe(
      'settle_cloudflare_handover_zones',
      'Zones (and accounts) still collected after a cluster membership change gave them to other members, until they leave the lookback',
      (r) => r.observe(this.sources.handoverZones(), this.base),
    );
    this.observe('settle_cloudflare_credentials', 'Credentials in use (refused ones are taken out)', (r) =>
      r.observe(this.sources.credentials(), this.base),
    );
    this.observe(
      'settle_cloudflare_newest_bucket_lag_seconds',
      'Age of the newest minute seen by the live lane (now - minute start)',
      (r) => {
        const now = this.sources.now();
        for (const [dataset, ms] of this.newest) r.observe((now - ms) / 1000, { ...this.base, dataset });
      },
      's',
    );
    this.observe(
      'settle_cloudflare_backfill_lag_seconds',
      'How far behind now the collected history ends, per dataset',
      (r) => {
        const now = this.sources.now();
        for (const [dataset, ms] of this.sources.backfillCursors())
          r.observe((now - ms) / 1000, { ...this.base, dataset });
      },
      's',
    );
  }

  query(dataset: string, result: QueryResult): void {
    this.queries.add(1, { ...this.base, dataset, result });
  }

  invalidValues(dataset: string, n: number): void {
    if (n > 0) this.invalid.add(n, { ...this.base, dataset });
  }

  newestBucket(dataset: string, ms: number): void {
    if (ms > (this.newest.get(dataset) ?? -Infinity)) this.newest.set(dataset, ms);
  }

  close(): void {
    for (const { gauge, callback } of this.gauges.splice(0)) gauge.removeCallback(callback);
  }

  private observe(name: string, description: string, callback: (r: ObservableResult) => void, unit?: string): void {
    const gauge = this.meter.createObservableGauge(name, unit === undefined ? { description } : { description, unit });
    gauge.addCallback(callback);
    this.gauges.push({ gauge, callback });
  }
}
