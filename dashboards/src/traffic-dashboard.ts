import { timeseries, type DashboardSpec, type PanelSpec, type RowSpec } from './grafana.js';
import { TrafficQueries } from './metricsql.js';
import type { Naming } from './naming.js';

const STEP = '1m';

/** The Cloudflare traffic dashboard, for the metric names of `naming`. */
export function trafficDashboard(naming: Naming): DashboardSpec {
  const q = new TrafficQueries(naming);
  const series = (
    title: string,
    unit: string,
    description: string,
    queries: PanelSpec['queries'],
    stacked = false,
  ): PanelSpec => timeseries(title, unit, description, queries, { stacked, minInterval: STEP });
  const stat = (title: string, unit: string, description: string, expr: string): PanelSpec => ({
    title,
    kind: 'stat',
    unit,
    description,
    queries: [{ expr, instant: true, legend: title }],
  });
  const top = (title: string, unit: string, description: string, expr: string, legend: string): PanelSpec => ({
    title,
    kind: 'bargauge',
    unit,
    description,
    queries: [{ expr, instant: true, legend }],
  });

  const overview: RowSpec = {
    title: 'Overview',
    summary: 'Totals over the selected range and requests/bandwidth per second, from httpRequests1mGroups (unsampled).',
    panels: [
      stat('Requests', 'short', 'Requests over the selected range.', q.overRange('cloudflare_zone_requests_total')),
      stat(
        'Bandwidth',
        'bytes',
        'Bytes served over the selected range.',
        q.overRange('cloudflare_zone_bandwidth_total'),
      ),
      stat(
        'Cache ratio',
        'percentunit',
        'Share of requests served from cache over the selected range.',
        `${q.overRange('cloudflare_zone_requests_cached')} / ${q.overRange('cloudflare_zone_requests_total')}`,
      ),
      stat('Threats', 'short', 'Threats over the selected range.', q.overRange('cloudflare_zone_threats_total')),
      stat(
        'Page views',
        'short',
        'Page views over the selected range.',
        q.overRange('cloudflare_zone_pageviews_total'),
      ),
      series('Requests', 'reqps', 'Requests per second per zone: all, cached, encrypted.', [
        { expr: q.perSecond('cloudflare_zone_requests_total', ['zone']), legend: '{{zone}} all' },
        { expr: q.perSecond('cloudflare_zone_requests_cached', ['zone']), legend: '{{zone}} cached' },
        { expr: q.perSecond('cloudflare_zone_requests_ssl_encrypted', ['zone']), legend: '{{zone}} encrypted' },
      ]),
      series('Cache ratio', 'percentunit', 'Cached requests and bytes as a share of all, per step.', [
        {
          expr: `${q.perStep('cloudflare_zone_requests_cached', ['zone'])} / ${q.perStep('cloudflare_zone_requests_total', ['zone'])}`,
          legend: '{{zone}} requests',
        },
        {
          expr: `${q.perStep('cloudflare_zone_bandwidth_cached', ['zone'])} / ${q.perStep('cloudflare_zone_bandwidth_total', ['zone'])}`,
          legend: '{{zone}} bytes',
        },
      ]),
    ],
  };

  const bandwidth: RowSpec = {
    title: 'Bandwidth',
    summary: 'Bytes per second served, cached and encrypted per zone, and by content type.',
    panels: [
      series('Bandwidth', 'Bps', 'Bytes per second per zone: all, cached, encrypted.', [
        { expr: q.perSecond('cloudflare_zone_bandwidth_total', ['zone']), legend: '{{zone}} all' },
        { expr: q.perSecond('cloudflare_zone_bandwidth_cached', ['zone']), legend: '{{zone}} cached' },
        { expr: q.perSecond('cloudflare_zone_bandwidth_ssl_encrypted', ['zone']), legend: '{{zone}} encrypted' },
      ]),
      series(
        'Bandwidth by content type',
        'Bps',
        'Bytes per second by content type (all selected zones).',
        [{ expr: q.perSecond('cloudflare_zone_bandwidth_content_type', ['content_type']), legend: '{{content_type}}' }],
        true,
      ),
    ],
  };

  const status: RowSpec = {
    title: 'Status codes',
    summary: 'Requests by edge status class (2xx…5xx), by status code, and origin status of uncached requests.',
    panels: [
      series(
        'Requests by status class',
        'reqps',
        'Edge HTTP status classes, requests per second (httpRequests1mGroups responseStatusMap).',
        [
          {
            expr: `sum by (class) (label_replace(sum_over_time(${q.series('cloudflare_zone_requests_status')}[$__interval]), "class", "\${1}xx", "status", "([1-5]).*")) / ($__interval_ms / 1000)`,
            legend: '{{class}}',
          },
        ],
        true,
      ),
      series('Requests by status code', 'reqps', 'Edge HTTP status codes, requests per second.', [
        { expr: q.perSecond('cloudflare_zone_requests_status', ['status']), legend: '{{status}}' },
      ]),
      series('Error ratio', 'percentunit', 'Share of requests answered 5xx and 4xx at the edge, per zone.', [
        {
          expr: `${q.perStep('cloudflare_zone_requests_status', ['zone'], 'status=~"5.."')} / ${q.perStep('cloudflare_zone_requests_status', ['zone'])}`,
          legend: '{{zone}} 5xx',
        },
        {
          expr: `${q.perStep('cloudflare_zone_requests_status', ['zone'], 'status=~"4.."')} / ${q.perStep('cloudflare_zone_requests_status', ['zone'])}`,
          legend: '{{zone}} 4xx',
        },
      ]),
      series(
        'Origin status (uncached requests)',
        'reqps',
        'Requests that went to the origin, by origin status (httpRequestsAdaptiveGroups, sampled; dataset origin_status_country_host).',
        [
          {
            expr: q.perSecond('cloudflare_zone_requests_origin_status_country_host', ['status']),
            legend: '{{status}}',
          },
        ],
        true,
      ),
      series(
        'Origin response time (uncached)',
        'ms',
        'Origin response time P50/P95/P99 of uncached requests, the worst host and country of each step (gauges).',
        (['p50', 'p95', 'p99'] as const).map((p) => ({
          expr: q.gauge('max', 'max', `cloudflare_zone_requests_origin_status_country_host_${p}_ms`, []),
          legend: p.toUpperCase(),
        })),
      ),
      top(
        'Top error paths',
        'short',
        'Edge errors (4xx, 5xx) over the selected range, ten most frequent status, host and path (dataset edge_errors_by_path).',
        q.top(10, 'cloudflare_zone_edge_errors_by_path', ['status', 'host', 'path']),
        '{{status}} {{host}}{{path}}',
      ),
    ],
  };

  const geography: RowSpec = {
    title: 'Countries and colocations',
    summary: 'Where requests come from (countries, continents) and which Cloudflare data centres served them.',
    panels: [
      top(
        'Top countries',
        'short',
        'Requests over the selected range, ten largest countries.',
        q.top(10, 'cloudflare_zone_requests_country', ['country']),
        '{{country}}',
      ),
      top(
        'Top colocations',
        'short',
        'Requests over the selected range, ten busiest Cloudflare colocations (httpRequestsAdaptiveGroups, sampled).',
        q.top(10, 'cloudflare_zone_colocation_requests_total', ['colocation']),
        '{{colocation}}',
      ),
      series(
        'Requests by continent',
        'reqps',
        'Requests per second by continent (the `region` label, derived from the country as lablabs does).',
        [{ expr: q.perSecond('cloudflare_zone_requests_country', ['region']), legend: '{{region}}' }],
        true,
      ),
      series('Bandwidth by country', 'Bps', 'Bytes per second, five largest countries of the range.', [
        {
          expr: `${q.perSecond('cloudflare_zone_bandwidth_country', ['country'])} and on (country) ${q.top(5, 'cloudflare_zone_bandwidth_country', ['country'])}`,
          legend: '{{country}}',
        },
      ]),
    ],
  };

  const security: RowSpec = {
    title: 'Threats and firewall',
    summary: 'Threats (httpRequests1mGroups) by type and country, and firewall events by action, source and rule.',
    panels: [
      series(
        'Threats by type',
        'short',
        'Threats per step, by threat type.',
        [{ expr: q.perStep('cloudflare_zone_threats_type', ['type']), legend: '{{type}}' }],
        true,
      ),
      top(
        'Threats by country',
        'short',
        'Threats over the selected range, ten largest countries.',
        q.top(10, 'cloudflare_zone_threats_country', ['country']),
        '{{country}}',
      ),
      series(
        'Firewall events by action',
        'short',
        'Firewall events per step, by action (firewallEventsAdaptiveGroups, sampled).',
        [{ expr: q.perStep('cloudflare_zone_firewall_events_count', ['action']), legend: '{{action}}' }],
        true,
      ),
      series(
        'Firewall events by source',
        'short',
        'Firewall events per step, by source (WAF, firewall rules, rate limiting, ...).',
        [{ expr: q.perStep('cloudflare_zone_firewall_events_count', ['source']), legend: '{{source}}' }],
        true,
      ),
      top(
        'Top firewall rules',
        'short',
        'Firewall events over the selected range, ten most frequent rules.',
        q.top(10, 'cloudflare_zone_firewall_events_count', ['rule', 'action']),
        '{{rule}} ({{action}})',
      ),
      top(
        'Top blocked countries',
        'short',
        'Blocked firewall events over the selected range, ten largest countries.',
        q.top(10, 'cloudflare_zone_firewall_events_count', ['country'], 'action="block"'),
        '{{country}}',
      ),
    ],
  };

  const workers: RowSpec = {
    title: 'Workers',
    summary: 'Workers requests and errors per script (workersInvocationsAdaptive), CPU time and duration quantiles.',
    panels: [
      series('Worker requests', 'reqps', 'Requests per second per script.', [
        {
          expr: q.perSecond('cloudflare_worker_requests_count', ['script_name'], '', false),
          legend: '{{script_name}}',
        },
      ]),
      series('Worker error ratio', 'percentunit', 'Errors as a share of requests, per script.', [
        {
          expr: `${q.perStep('cloudflare_worker_errors_count', ['script_name'], '', false)} / ${q.perStep('cloudflare_worker_requests_count', ['script_name'], '', false)}`,
          legend: '{{script_name}}',
        },
      ]),
      series(
        'Worker CPU time P50 / P99',
        'µs',
        'CPU time quantiles per script (the largest over statuses and the step).',
        [
          {
            expr: q.gauge(
              'max',
              'max',
              'cloudflare_worker_cpu_time',
              ['script_name', 'quantile'],
              'quantile=~"P50|P99"',
              false,
            ),
            legend: '{{script_name}} {{quantile}}',
          },
        ],
      ),
      series('Worker duration P50 / P99', 'short', 'Duration quantiles per script, in GB-seconds.', [
        {
          expr: q.gauge(
            'max',
            'max',
            'cloudflare_worker_duration',
            ['script_name', 'quantile'],
            'quantile=~"P50|P99"',
            false,
          ),
          legend: '{{script_name}} {{quantile}}',
        },
      ]),
    ],
  };

  const loadBalancers: RowSpec = {
    title: 'Load balancers and health checks',
    summary: 'Requests per load-balancer pool and origin, pool health, and origin health-check events.',
    panels: [
      series(
        'Requests by pool',
        'reqps',
        'Load-balanced requests per second by load balancer and pool (loadBalancingRequestsAdaptiveGroups).',
        [
          {
            expr: q.perSecond('cloudflare_zone_pool_requests_total', ['load_balancer_name', 'pool_name']),
            legend: '{{load_balancer_name}} {{pool_name}}',
          },
        ],
        true,
      ),
      series('Pool health', 'short', '1 healthy, 0 unhealthy (the lowest over the step), per pool.', [
        {
          expr: q.gauge('min', 'min', 'cloudflare_zone_pool_health_status', ['load_balancer_name', 'pool_name']),
          legend: '{{load_balancer_name}} {{pool_name}}',
        },
      ]),
      series('Requests by origin', 'reqps', 'Load-balanced requests per second by selected origin.', [
        {
          expr: q.perSecond('cloudflare_zone_pool_requests_total', ['pool_name', 'origin_name']),
          legend: '{{pool_name}} {{origin_name}}',
        },
      ]),
      series(
        'Health checks by status',
        'short',
        'Health check events per step by origin and status (healthCheckEventsAdaptiveGroups).',
        [
          {
            expr: q.perStep('cloudflare_zone_health_check_events_origin_count', ['origin_ip', 'health_status']),
            legend: '{{origin_ip}} {{health_status}}',
          },
        ],
      ),
    ],
  };

  const storage: RowSpec = {
    title: 'R2 and Logpush',
    summary: 'R2 operations and bytes stored per bucket, and failed Logpush uploads per job.',
    panels: [
      series(
        'R2 operations',
        'ops',
        'R2 operations per second by bucket and action.',
        [
          {
            expr: q.perSecond('cloudflare_r2_operation_count', ['bucket', 'operation'], '', false),
            legend: '{{bucket}} {{operation}}',
          },
        ],
        true,
      ),
      series('R2 storage', 'bytes', 'Bytes stored per bucket, and in total per account (the largest over the step).', [
        {
          expr: q.gauge('max', 'max', 'cloudflare_r2_storage_bytes', ['bucket'], undefined, false),
          legend: '{{bucket}}',
        },
        {
          expr: q.gauge('sum', 'max', 'cloudflare_r2_storage_total_bytes', ['account'], undefined, false),
          legend: '{{account}} total',
        },
      ]),
      series(
        'Failed Logpush uploads',
        'short',
        'Failed uploads per step by job and destination (zone and account jobs); final = not retried.',
        [
          {
            expr: q.perStep('cloudflare_logpush_failed_jobs_zone_count', ['job_id', 'destination', 'final']),
            legend: 'zone job {{job_id}} {{destination}} final={{final}}',
          },
          {
            expr: q.perStep(
              'cloudflare_logpush_failed_jobs_account_count',
              ['job_id', 'destination', 'final'],
              '',
              false,
            ),
            legend: 'account job {{job_id}} {{destination}} final={{final}}',
          },
        ],
      ),
    ],
  };

  // Status gauges are readings at the poll's instant (every status_interval), not minutes: the newest reading in
  // each step is what counts.
  const info = (metric: string, by: string): string =>
    `max by (account, ${by}) (last_over_time(${q.series(metric, '', false)}[$__interval]))`;
  const tunnels: RowSpec = {
    title: 'Tunnels and origins',
    summary: 'Cloudflare Tunnel health and connections, and load-balancer origin health (REST status poll).',
    panels: [
      series('Tunnel health', 'short', '0 down, 1 healthy, 2 degraded, 3 inactive, per tunnel.', [
        {
          expr: `max by (tunnel_name) (last_over_time(${q.series('cloudflare_tunnel_health_status', '', false)}[$__interval]) * on (account, tunnel_id) group_left (tunnel_name) ${info('cloudflare_tunnel_info', 'tunnel_id, tunnel_name')})`,
          legend: '{{tunnel_name}}',
        },
      ]),
      series('Tunnel connections', 'short', 'Connections open to the edge per tunnel (all its connectors).', [
        {
          expr: `sum by (tunnel_name) (last_over_time(${q.series('cloudflare_tunnel_connector_active_connections', '', false)}[$__interval]) * on (account, tunnel_id) group_left (tunnel_name) ${info('cloudflare_tunnel_info', 'tunnel_id, tunnel_name')})`,
          legend: '{{tunnel_name}}',
        },
      ]),
      series('Tunnel connectors by version', 'short', 'Connectors per cloudflared version and architecture.', [
        {
          expr: `count by (version, arch) (${info('cloudflare_tunnel_connector_info', 'tunnel_id, client_id, version, arch')})`,
          legend: '{{version}} {{arch}}',
        },
      ]),
      series('Origin health', 'short', '1 healthy, 0 unhealthy, per pool origin (the lowest over the step).', [
        {
          expr: q.gauge('min', 'min', 'cloudflare_pool_origin_health_status', ['pool_name', 'origin_name'], '', false),
          legend: '{{pool_name}} {{origin_name}}',
        },
      ]),
    ],
  };

  return {
    uid: naming === 'import' ? 'settle-cloudflare' : 'settle-cloudflare-otlp',
    title: naming === 'import' ? 'Cloudflare (settle)' : 'Cloudflare (settle, OTLP naming)',
    description:
      'Cloudflare analytics pushed by settle as per-minute buckets stamped with their own minute. ' +
      (naming === 'import'
        ? 'Metric names as the victoriametrics exporter writes them (lablabs/cloudflare-exporter names).'
        : 'Metric names as VictoriaMetrics stores OTLP with -opentelemetry.usePrometheusNaming (otlp exporter, temporality: gauge).'),
    tags: ['settle', 'cloudflare'],
    variables: [
      {
        name: 'account',
        label: 'Account',
        query: `label_values(${q.series('cloudflare_zone_requests_total').split('{')[0]}, account)`,
      },
      {
        name: 'zone',
        label: 'Zone',
        query: `label_values(${q.series('cloudflare_zone_requests_total').split('{')[0]}{account=~"$account"}, zone)`,
      },
    ],
    rows: [overview, bandwidth, status, geography, security, workers, loadBalancers, storage, tunnels],
  };
}
