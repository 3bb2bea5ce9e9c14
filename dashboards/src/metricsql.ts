import { metricName, type Naming } from './naming.js';

/**
 * MetricsQL for per-minute buckets stamped with their own minute (settle's points), not scrape-time counters.
 *
 * A sample is the amount *within* its minute, so a panel adds the samples inside each step:
 * `sum_over_time(x[$__interval])`. With the panel's minimum interval at `1m` (Grafana then picks 1m, 2m, 5m, …)
 * and steps aligned to their size (Grafana and VictoriaMetrics both align them), the windows `(t − step, t]`
 * tile the time axis and every minute is counted exactly once, at any zoom. `rate()`/`increase()` would treat
 * the per-minute values as a counter and return nonsense; a bare `x` would show one minute out of every step.
 * Dividing by the step in seconds gives a per-second rate comparable to lablabs' `rate(x[…])` panels.
 * Totals over the dashboard's range are `sum_over_time(x[$__range])` as an instant query.
 */
export class TrafficQueries {
  constructor(readonly naming: Naming) {}

  /**
   * The series selector of a receiver metric, with the dashboard's filters and `extra` matchers. Account
   * metrics (Workers, R2, account Logpush) have no `zone` label: `zoned: false` filters them by account only.
   */
  series(metric: string, extra = '', zoned = true): string {
    const filters = zoned ? 'zone=~"$zone", account=~"$account"' : 'account=~"$account"';
    return `${metricName(metric, this.naming)}{${extra === '' ? filters : `${filters}, ${extra}`}}`;
  }

  /** Amount per step (the sum of the minutes inside it), by `by`. */
  perStep(metric: string, by: readonly string[] = [], extra = '', zoned = true): string {
    return `sum${groupBy(by)} (sum_over_time(${this.series(metric, extra, zoned)}[$__interval]))`;
  }

  /** Per-second rate over each step, by `by`. */
  perSecond(metric: string, by: readonly string[] = [], extra = '', zoned = true): string {
    return `${this.perStep(metric, by, extra, zoned)} / ($__interval_ms / 1000)`;
  }

  /** Total over the dashboard's time range (instant query), by `by`. */
  overRange(metric: string, by: readonly string[] = [], extra = ''): string {
    return `sum${groupBy(by)} (sum_over_time(${this.series(metric, extra)}[$__range]))`;
  }

  /** The `k` largest of `by` over the dashboard's range (instant query). */
  top(k: number, metric: string, by: readonly string[], extra = ''): string {
    return `topk(${k}, ${this.overRange(metric, by, extra)})`;
  }

  /** A gauge sampled per minute (health status, quantiles): its value per step, by `by`, with `agg` over series. */
  gauge(
    agg: 'max' | 'min' | 'avg' | 'sum',
    fn: 'max' | 'min' | 'avg' | 'last',
    metric: string,
    by: readonly string[],
    extra = '',
    zoned = true,
  ): string {
    return `${agg}${groupBy(by)} (${fn}_over_time(${this.series(metric, extra, zoned)}[$__interval]))`;
  }
}

function groupBy(by: readonly string[]): string {
  return by.length === 0 ? '' : ` by (${by.join(', ')})`;
}
