/** Where the measured settle process sends and serves what. */
export interface ScaleConfigTargets {
  readonly graphqlUrl: string;
  readonly accountTag: string;
  readonly token: string;
  readonly vmUrl: string;
  readonly dataDir: string;
  readonly telemetryPort: number;
  readonly pollIntervalS: number;
}

/** Queries per 5 minutes the receiver's own limiter allows: the "quota lifted" of the bench (sim has the same). */
export const LIFTED_QUOTA = 10_000_000;

/**
 * The production shape of deploy/kubernetes/configmap.yaml, for one instance: zones discovered from the account,
 * the cloudflare receiver's DEFAULT datasets (none listed), converge with its defaults, the VictoriaMetrics
 * exporter with its persistent queue under `data_dir`, self-telemetry on 127.0.0.1 (read by the bench). Only the
 * rate limit is lifted, so the figures are settle's work, not the quota's pacing.
 */
export function scaleConfig(t: ScaleConfigTargets): string {
  return `receivers:
  cloudflare:
    endpoint: ${t.graphqlUrl}
    api_token: ${t.token}
    accounts: ['${t.accountTag}']
    poll_interval: ${t.pollIntervalS}s
    rate_limit: { queries: ${LIFTED_QUOTA}, per: 5m }
processors:
  converge: {}
exporters:
  victoriametrics:
    endpoint: ${t.vmUrl}
    sending_queue: { storage: true }
service:
  data_dir: ${t.dataDir}
  telemetry:
    metrics: { address: '127.0.0.1:${t.telemetryPort}' }
  pipelines:
    metrics:
      receivers: [cloudflare]
      processors: [converge]
      exporters: [victoriametrics]
`;
}
