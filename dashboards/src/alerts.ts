import { stringify } from 'yaml';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: 'warning' | 'critical' };
  readonly annotations: { readonly summary: string; readonly description: string };
}

/**
 * Alert rules for settle's own health (vmalert / Prometheus rule-file format), on the self-telemetry scraped
 * from `/metrics`. Each expression keeps `instance` (and the component label) so one alert names one settle
 * and one component.
 */
export const ALERT_RULES: readonly AlertRule[] = [
  {
    alert: 'SettleCloudflareRateLimited',
    expr: 'sum by (instance, receiver) (increase(settle_cloudflare_queries_total{result="rate_limited"}[10m])) > 0',
    for: '0m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'Cloudflare rate-limits settle ({{ $labels.receiver }} on {{ $labels.instance }})',
      description:
        '{{ $value }} queries were answered "rate limited" in 10 minutes: another client shares the token\'s quota, or rate_limit.queries is above the real quota. Data arrives later; lower rate_limit.queries or the number of datasets.',
    },
  },
  {
    alert: 'SettleCloudflareBudgetExhausted',
    expr: 'max_over_time(settle_cloudflare_rate_limit_remaining[15m]) < 1',
    for: '0m',
    labels: { severity: 'warning' },
    annotations: {
      summary:
        'settle has used its whole query budget for 15 minutes ({{ $labels.receiver }} on {{ $labels.instance }})',
      description:
        'No query was left in any rate-limit window for 15 minutes: polls are being spaced out and history is not being backfilled.',
    },
  },
  {
    alert: 'SettleCloudflareAuthFailing',
    expr: 'sum by (instance, receiver) (increase(settle_cloudflare_queries_total{result="auth"}[10m])) > 0',
    for: '0m',
    labels: { severity: 'critical' },
    annotations: {
      summary: "Cloudflare refuses settle's token ({{ $labels.receiver }} on {{ $labels.instance }})",
      description:
        'Queries were refused as unauthenticated: the API token was revoked, expired or lost Analytics:Read. Nothing is collected until it is replaced.',
    },
  },
  {
    alert: 'SettleNewestMinuteStalled',
    expr: 'max by (instance, receiver, dataset) (settle_cloudflare_newest_bucket_lag_seconds) > 900',
    for: '5m',
    labels: { severity: 'warning' },
    annotations: {
      summary:
        'settle has seen no new minute of {{ $labels.dataset }} for {{ $value | humanizeDuration }} ({{ $labels.instance }})',
      description:
        'The newest minute the live lane saw is over 15 minutes old (normally 1–2 poll intervals): queries fail, are rate-limited, or the dataset stopped returning data.',
    },
  },
  {
    alert: 'SettleExporterQueueGrowing',
    expr: 'min_over_time(settle_exporter_queue_size[15m]) > 0 and deriv(settle_exporter_queue_size[15m]) > 0',
    for: '15m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'The sending queue of {{ $labels.exporter }} has been growing for 30 minutes ({{ $labels.instance }})',
      description:
        'Batches pile up faster than the backend takes them (backend down or slow). Points are delayed, and dropped once the queue is full.',
    },
  },
  {
    alert: 'SettleExporterQueueNearlyFull',
    expr: 'settle_exporter_queue_size / settle_exporter_queue_capacity > 0.8',
    for: '5m',
    labels: { severity: 'critical' },
    annotations: {
      summary:
        'The sending queue of {{ $labels.exporter }} is {{ $value | humanizePercentage }} full ({{ $labels.instance }})',
      description: 'When it is full, new batches are refused or the oldest dropped (sending_queue.full_policy).',
    },
  },
  {
    alert: 'SettlePointsDropped',
    expr: 'sum by (instance, exporter) (increase(settle_exporter_dropped_points_total[10m])) > 0 or sum by (instance, exporter) (increase(settle_exporter_send_failed_points_total[10m])) > 0 or sum by (instance, processor) (increase(settle_processor_dropped_points_total[10m])) > 0',
    for: '0m',
    labels: { severity: 'critical' },
    annotations: {
      summary: 'settle lost points ({{ $labels.exporter }}{{ $labels.processor }} on {{ $labels.instance }})',
      description:
        '{{ $value }} points were dropped or could not be delivered in 10 minutes (queue full, invalid, refused by the backend, or retries exhausted). See the exporter logs for the reason.',
    },
  },
  {
    alert: 'SettleComponentFailed',
    expr: 'max by (instance, kind, component, status) (settle_component_status{status=~"permanent_error|fatal_error"}) == 1',
    for: '0m',
    labels: { severity: 'critical' },
    annotations: {
      summary: '{{ $labels.kind }} {{ $labels.component }} is {{ $labels.status }} ({{ $labels.instance }})',
      description:
        'A component reported a permanent or fatal error (its message is on /healthz and in the log), e.g. a revoked Cloudflare token.',
    },
  },
  {
    alert: 'SettleDown',
    expr: 'up{job=~".*settle.*"} == 0',
    for: '2m',
    labels: { severity: 'critical' },
    annotations: {
      summary: 'settle on {{ $labels.instance }} does not answer the scrape',
      description:
        'The process is down: it exits after a fatal error (e.g. an invalid token at start), or it was stopped.',
    },
  },
];

/** The rule file, as vmalert and Prometheus read it. */
export function alertRulesYaml(rules: readonly AlertRule[] = ALERT_RULES): string {
  const header =
    '# settle health alerts (vmalert / Prometheus rule file). Generated from dashboards/src/alerts.ts by\n' +
    '# `pnpm --filter @settle/dashboards run generate`; checked by dashboards/test (vmalert -dryRun, every\n' +
    '# expression run against a real VictoriaMetrics, two rules replayed on synthetic history).\n';
  return header + stringify({ groups: [{ name: 'settle', interval: '1m', rules }] }, { lineWidth: 0 });
}
