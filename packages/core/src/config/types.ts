import type { ComponentDefinition } from '../component/define.js';
import type { ClusterMembership } from '../cluster/rendezvous.js';
import type { LogLevel } from '../logging/logger.js';

export type ResolvedKind = 'receiver' | 'processor' | 'exporter' | 'connector';

export interface ResolvedComponent {
  /** "type" or "type/name" */
  readonly id: string;
  readonly kind: ResolvedKind;
  readonly type: string;
  readonly name: string | undefined;
  /** undefined only for built-in connectors (forward). */
  readonly definition: ComponentDefinition | undefined;
  /** The schema's output: defaults applied, durations in ms. */
  readonly config: unknown;
}

export interface ResolvedPipeline {
  /** "metrics" or "metrics/name" */
  readonly id: string;
  /** Receiver or connector ids. */
  readonly receivers: readonly string[];
  readonly processors: readonly string[];
  /** Exporter or connector ids. */
  readonly exporters: readonly string[];
}

export interface TelemetryConfig {
  readonly metrics: { readonly enabled: boolean; readonly address: string };
  readonly logs: { readonly level: LogLevel };
}

/**
 * The DAG to instantiate. Processors are instantiated once per pipeline (as in the Collector); a receiver used
 * by several pipelines is one instance fanning out; exporters are one shared instance each; a connector is an
 * exporter in one pipeline and a receiver in another.
 */
export interface GraphNode {
  /** "receiver:cloudflare", "processor:metrics/eu:converge", "exporter:otlp", "connector:forward/x" */
  readonly key: string;
  readonly kind: ResolvedKind;
  readonly componentId: string;
  /** Set for processors only. */
  readonly pipelineId: string | undefined;
  /** Keys of the nodes this node feeds (fanout when > 1), without repeats. */
  readonly next: readonly string[];
}

export interface PipelineGraph {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** Topological: upstream first. Start in reverse, stop in this order. */
  readonly order: readonly string[];
}

export interface ResolvedConfig {
  readonly file: string;
  /** Every valid component defined in the file; only those in `graph` are used by a pipeline. */
  readonly receivers: ReadonlyMap<string, ResolvedComponent>;
  readonly processors: ReadonlyMap<string, ResolvedComponent>;
  readonly exporters: ReadonlyMap<string, ResolvedComponent>;
  readonly connectors: ReadonlyMap<string, ResolvedComponent>;
  readonly pipelines: readonly ResolvedPipeline[];
  readonly graph: PipelineGraph;
  /** `dataDir` is `service.data_dir` as written (relative paths are the caller's to resolve). */
  readonly service: {
    readonly telemetry: TelemetryConfig;
    readonly dataDir: string | undefined;
    /** `service.cluster`: this instance's share of cluster-aware components' work. */
    readonly cluster?: ClusterMembership;
  };
}
