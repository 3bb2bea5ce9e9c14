import { timeseries, type DashboardSpec, type PanelSpec, type RowSpec } from './grafana.js';

/**
 * settle's own health, from the Prometheus text on `service.telemetry.metrics.address` (`/metrics`) scraped
 * into the same backend (scrape job label: `job`). Counters have Prometheus' `_total` suffix; histograms
 * `_bucket`/`_sum`/`_count`. These are ordinary scrape-time counters and gauges, so `rate()` is right here.
 */
export function healthDashboard(): DashboardSpec {
  const series = (
    title: string,
    unit: string,
    description: string,
    queries: PanelSpec['queries'],
    stacked = false,
  ): PanelSpec => timeseries(title, unit, description, queries, { stacked });
  const sel = 'job=~"$job", instance=~"$instance"';
  const rate = (metric: string, by: string, extra = ''): string =>
    `sum by (${by}) (rate(${metric}{${sel}${extra === '' ? '' : `, ${extra}`}}[$__rate_interval]))`;

  const cloudflare: RowSpec = {
    title: 'Cloudflare queries',
    summary:
      'GraphQL queries by result, the rate-limit budget left, and how far behind the newest minute and the history are.',
    panels: [
      series(
        'Queries by result',
        'reqps',
        'GraphQL queries per second by result (ok, retry, rate_limited, permission, bad_query, auth, malformed).',
        [{ expr: rate('settle_cloudflare_queries_total', 'result'), legend: '{{result}}' }],
        true,
      ),
      series(
        'Rate-limit budget left',
        'short',
        'Queries left in the current rate-limit window (Cloudflare: 300 per 5 minutes per user).',
        [
          {
            expr: `min by (instance, receiver) (settle_cloudflare_rate_limit_remaining{${sel}})`,
            legend: '{{instance}} {{receiver}}',
          },
        ],
      ),
      series(
        'Newest-minute lag',
        's',
        'now − start of the newest minute the live lane saw, per dataset: normally one to two poll intervals; growing means the live lane is stuck.',
        [
          {
            expr: `max by (receiver, dataset) (settle_cloudflare_newest_bucket_lag_seconds{${sel}})`,
            legend: '{{receiver}} {{dataset}}',
          },
        ],
      ),
      series(
        'History lag',
        's',
        'now − where collected history ends, per dataset (backfill progress; about the lookback once caught up).',
        [
          {
            expr: `max by (receiver, dataset) (settle_cloudflare_backfill_lag_seconds{${sel}})`,
            legend: '{{receiver}} {{dataset}}',
          },
        ],
      ),
      series(
        'Zones and invalid values',
        'short',
        'Zones being collected, and rows or values dropped as unreadable per second.',
        [
          { expr: `sum by (receiver) (settle_cloudflare_zones{${sel}})`, legend: '{{receiver}} zones' },
          {
            expr: rate('settle_cloudflare_invalid_values_total', 'receiver, dataset'),
            legend: '{{receiver}} {{dataset}} invalid/s',
          },
        ],
      ),
      series(
        'Points accepted',
        'short',
        'Points per second the receivers pushed into their pipelines (and that downstream refused).',
        [
          { expr: rate('settle_receiver_accepted_points_total', 'receiver'), legend: '{{receiver}} accepted' },
          { expr: rate('settle_receiver_refused_points_total', 'receiver'), legend: '{{receiver}} refused' },
        ],
      ),
    ],
  };

  const converge: RowSpec = {
    title: 'converge',
    summary:
      'How late and how exact pushed minutes are: delay from a minute’s end to its push, pushes by reason, revisions, open windows.',
    panels: [
      series(
        'Push delay',
        's',
        "Time from a minute's end to its push (p50, p90, p99), stable pushes.",
        [0.5, 0.9, 0.99].map((p) => ({
          expr: `histogram_quantile(${p}, sum by (le) (rate(settle_converge_emit_delay_bucket{${sel}, reason="stable"}[$__rate_interval])))`,
          legend: `p${p * 100}`,
        })),
      ),
      series(
        'Pushes by reason',
        'short',
        'Points pushed per second by reason: stable, backfill, revision, ttl (forced at window end), flush, evicted, late.',
        [{ expr: rate('settle_converge_emitted_points_total', 'reason'), legend: '{{reason}}' }],
        true,
      ),
      series(
        'First-push exactness',
        'percentunit',
        'Measured by converge on its sampled series (settle_converge_first_push_exactness): the share whose first push was their final value, per processor and source; and the share pushed more than once (revision rate).',
        [
          {
            expr: `min by (processor, source) (settle_converge_first_push_exactness{${sel}})`,
            legend: 'exact {{processor}} {{source}}',
          },
          {
            expr: `max by (processor, source) (settle_converge_revision_rate{${sel}})`,
            legend: 'revised {{processor}} {{source}}',
          },
        ],
      ),
      series(
        'Forced and late',
        'short',
        'Points pushed at the window end without settling (ttl), observations for already closed windows (late), windows evicted early.',
        [
          {
            expr: rate('settle_converge_emitted_points_total', 'processor', 'reason="ttl"'),
            legend: '{{processor}} ttl',
          },
          { expr: rate('settle_converge_late_points_total', 'processor'), legend: '{{processor}} late' },
          { expr: rate('settle_converge_evicted_windows_total', 'processor'), legend: '{{processor}} evicted windows' },
        ],
      ),
      series('Open windows and series', 'short', 'Minutes (windows) and series × minutes still tracked.', [
        { expr: `sum by (processor) (settle_converge_open_windows{${sel}})`, legend: '{{processor}} windows' },
        { expr: `sum by (processor) (settle_converge_tracked_series{${sel}})`, legend: '{{processor}} series' },
      ]),
      series(
        'Settling per source',
        's',
        'When sampled points reached their final value, and when converge first pushed them, in seconds after the minute’s end (p90 of each, per source).',
        [
          {
            expr: `max by (source) (settle_converge_last_change_seconds{${sel}, quantile="0.9"})`,
            legend: 'settled p90 {{source}}',
          },
          {
            expr: `max by (source) (settle_converge_first_push_delay_seconds{${sel}, quantile="0.9"})`,
            legend: 'first push p90 {{source}}',
          },
        ],
      ),
      series(
        'Push rule per source',
        'short',
        'The push rule converge applies to each source now (learned from its histories; settle_converge_rule_*), and rule changes.',
        [
          { expr: `max by (source) (settle_converge_rule_threshold{${sel}})`, legend: 'threshold {{source}}' },
          {
            expr: `max by (source) (settle_converge_rule_exactness_lower_bound{${sel}})`,
            legend: 'exactness lower bound {{source}}',
          },
          { expr: rate('settle_converge_rule_changes_total', 'source'), legend: 'changes {{source}}' },
        ],
      ),
    ],
  };

  const exporters: RowSpec = {
    title: 'Exporters',
    summary:
      'Delivery to the backends: points sent, failed and dropped, retries, sending-queue fill and request duration.',
    panels: [
      series(
        'Points sent and failed',
        'short',
        'Points per second the backend accepted, and points that could not be delivered.',
        [
          { expr: rate('settle_exporter_sent_points_total', 'exporter'), legend: '{{exporter}} sent' },
          { expr: rate('settle_exporter_send_failed_points_total', 'exporter'), legend: '{{exporter}} failed' },
        ],
      ),
      series(
        'Dropped and rejected',
        'short',
        'Points dropped per second by reason (queue full, invalid, ...), points refused by validation, points converge could not hand on.',
        [
          { expr: rate('settle_exporter_dropped_points_total', 'exporter, reason'), legend: '{{exporter}} {{reason}}' },
          {
            expr: rate('settle_exporter_rejected_points_total', 'exporter, reason'),
            legend: '{{exporter}} rejected {{reason}}',
          },
          {
            expr: rate('settle_processor_dropped_points_total', 'processor, reason'),
            legend: '{{processor}} {{reason}}',
          },
        ],
      ),
      series('Sending queue', 'percentunit', 'Batches waiting as a share of the queue capacity.', [
        {
          expr: `max by (exporter) (settle_exporter_queue_size{${sel}} / settle_exporter_queue_capacity{${sel}})`,
          legend: '{{exporter}}',
        },
      ]),
      series('Retries', 'short', 'Requests retried per second after a transient failure.', [
        { expr: rate('settle_exporter_retries_total', 'exporter'), legend: '{{exporter}}' },
      ]),
      series('Request duration p90', 's', 'Duration of one send attempt, 90th percentile, by outcome.', [
        {
          expr: `histogram_quantile(0.9, sum by (le, exporter, outcome) (rate(settle_exporter_request_duration_bucket{${sel}}[$__rate_interval])))`,
          legend: '{{exporter}} {{outcome}}',
        },
      ]),
      series(
        'Up',
        'short',
        '1 while settle answers the scrape, 0 when it is down (e.g. stopped after a fatal error).',
        [{ expr: `up{${sel}}`, legend: '{{instance}}' }],
      ),
      series(
        'Component status',
        'short',
        'The status each component reports (ok, recoverable_error, permanent_error, ...); the message is on /healthz.',
        [
          {
            expr: `max by (kind, component, status) (settle_component_status{${sel}} == 1)`,
            legend: '{{kind}} {{component}}: {{status}}',
          },
        ],
      ),
    ],
  };

  return {
    uid: 'settle-health',
    title: 'settle health',
    description:
      "settle's own telemetry: Cloudflare queries and budget, lag, converge delay and exactness, exporter delivery.",
    tags: ['settle'],
    variables: [
      { name: 'job', label: 'Job', query: 'label_values(settle_receiver_accepted_points_total, job)' },
      {
        name: 'instance',
        label: 'Instance',
        query: 'label_values(settle_receiver_accepted_points_total{job=~"$job"}, instance)',
      },
    ],
    rows: [cloudflare, converge, exporters],
  };
}
