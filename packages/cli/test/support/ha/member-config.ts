import type { ClusterMembership } from '@settle/core';

export interface MemberConfigOptions {
  readonly graphqlUrl: string;
  readonly accountTag: string;
  /** This member's own API tokens (the simulator tells members apart by token). */
  readonly tokens: readonly string[];
  /** Where the victoriametrics exporter pushes: VictoriaMetrics itself or a vmagent in front of it. */
  readonly endpoint: string;
  readonly dataDir: string;
  readonly telemetryPort: number;
  readonly cluster: ClusterMembership;
}

/** A member's settle.yaml: Cloudflare (http_requests) → converge → victoriametrics, as a user would write it. */
export function memberConfig(o: MemberConfigOptions): string {
  const { members, member, replication } = o.cluster;
  return `receivers:
  cloudflare:
    endpoint: ${o.graphqlUrl}
    api_tokens: [${o.tokens.join(', ')}]
    accounts: ['${o.accountTag}']
    datasets: [http_requests]
    poll_interval: 30s
    lookback: 10m
processors:
  converge: {}
exporters:
  victoriametrics:
    endpoint: ${o.endpoint}
    # Durations run on the accelerated clock (30×): the default 10 s timeout would be 0.33 s of wall time on a
    # busy 2-core machine, and a 15 s drain 0.5 s. Wall-time sized, and retried until delivered.
    timeout: 2m
    retry_on_failure: { max_elapsed_time: 0s }
    sending_queue: { storage: true, drain_timeout: 10m }
service:
  data_dir: ${o.dataDir}
  cluster: { members: ${members}, member: ${member}, replication: ${replication} }
  telemetry:
    metrics:
      address: 127.0.0.1:${o.telemetryPort}
  pipelines:
    metrics:
      receivers: [cloudflare]
      processors: [converge]
      exporters: [victoriametrics]
`;
}
