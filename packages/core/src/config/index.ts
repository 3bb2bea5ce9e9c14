// Config loading and validation: YAML → validated, positioned config and the pipeline graph.
// (duration helpers are exported from core's index directly.)
export type { ConfigProblem } from './problems.js';
export { ConfigError, formatProblems } from './problems.js';
export type { ParsedConfig, PluginReference } from './parse.js';
export { parseConfig } from './parse.js';
export { resolveConfig } from './resolve.js';
export type { LoadConfigOptions } from './load.js';
export { loadConfigFile } from './load.js';
export type {
  GraphNode,
  PipelineGraph,
  ResolvedComponent,
  ResolvedConfig,
  ResolvedKind,
  ResolvedPipeline,
  TelemetryConfig,
} from './types.js';
export { configJsonSchema } from './schema.js';
export { expandEnv } from './env-expand.js';
export { DEFAULT_TELEMETRY_ADDRESS } from './service-schema.js';
