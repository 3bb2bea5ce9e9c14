// Public API of @settle/core. Plugins depend on these exports only.
export type {
  AttributeValue,
  Attributes,
  Batch,
  BatchMeta,
  DataPoint,
  Metric,
  MetricDescriptor,
  MetricKind,
  Origin,
  Temporality,
} from './model/types.js';
export { countPoints, createBatch, originOf } from './model/batch.js';
export { seriesKey } from './model/series-key.js';

export type {
  Component,
  ComponentContext,
  ComponentKind,
  ComponentStatus,
  Consumer,
  Exporter,
  Host,
  Processor,
  Receiver,
  Stability,
  StatusEvent,
} from './component/types.js';
export type {
  ComponentDefinition,
  ExporterDefinition,
  ProcessorDefinition,
  ReceiverDefinition,
} from './component/define.js';
export { COMPONENT_TYPE_PATTERN, defineExporter, defineProcessor, defineReceiver } from './component/define.js';

export { SettleError, isRetryable, permanentError, retryableError } from './errors/settle-error.js';
export type { SettleErrorOptions } from './errors/settle-error.js';

export type { Clock, Timer } from './clock/clock.js';
export { every, sleep } from './clock/clock.js';
export { systemClock } from './clock/system-clock.js';
export { acceleratedClock } from './clock/accelerated-clock.js';

export type { Storage } from './storage/storage.js';
export { getJson, setJson } from './storage/storage.js';
export { FileStorage } from './storage/file-storage.js';
export { MemoryStorage } from './storage/memory-storage.js';

export { duration, formatDuration, parseDuration } from './config/duration.js';

export type { LogLevel, LoggerOptions } from './logging/logger.js';
export { LOG_LEVELS, createLogger, silentLogger } from './logging/logger.js';
export type { Logger } from 'pino';

export type { ComponentOrigin, RegisteredComponent } from './component/registry.js';
export { ComponentRegistry } from './component/registry.js';

// Config loading and validation.
export type { ConfigProblem } from './config/index.js';
export { ConfigError, formatProblems } from './config/index.js';
export type { ParsedConfig, PluginReference } from './config/index.js';
export { parseConfig, resolveConfig } from './config/index.js';
export type { LoadConfigOptions } from './config/index.js';
export { loadConfigFile } from './config/index.js';
export type {
  GraphNode,
  PipelineGraph,
  ResolvedComponent,
  ResolvedConfig,
  ResolvedKind,
  ResolvedPipeline,
  TelemetryConfig,
} from './config/index.js';
export { DEFAULT_TELEMETRY_ADDRESS, configJsonSchema, expandEnv } from './config/index.js';

// Service runtime: pipelines, lifecycle, self-telemetry.
export { Service } from './service/index.js';
export type { ServiceExit, ServiceOptions, ServiceState } from './service/index.js';
export type { ComponentStatusEntry, HealthReport, ListenAddress } from './service/index.js';
export { fanoutConsumer, parseListenAddress, storageDirectory } from './service/index.js';

// Built-in components.
export {
  builtinComponents,
  debugExporter,
  encodeBatchLines,
  fileExporter,
  generateMetric,
  generatorReceiver,
} from './builtin/index.js';
export type { GeneratorConfig } from './builtin/index.js';

// Plugin loading.
export {
  coreVersion,
  isDefinition,
  isValidRange,
  loadPlugins,
  locatePackage,
  packageEntry,
  pluginLoader,
  satisfies,
} from './plugins/index.js';
export type { LocatedPackage, PluginLoaderOptions, PluginManifest, PluginSpec } from './plugins/index.js';

// Exporter helper: batching, retry, queueing shared by every exporter.
export { deliveryConfigSchema, deliveryConfigShape } from './exporter-helper/index.js';
export type { BatchConfig, DeliveryConfig, QueueConfig, RetryConfig } from './exporter-helper/index.js';
export type { BatchSender, DropReason, SendResult } from './exporter-helper/index.js';
export { createDeliveryExporter } from './exporter-helper/index.js';
export type { DeliveryExporterOptions } from './exporter-helper/index.js';
export { MAX_RETRY_AFTER_MS, backoffDelay, decideRetry } from './exporter-helper/index.js';
export type { RetryDecision } from './exporter-helper/index.js';
export { mergeBatches, splitByPoints, splitBySize } from './exporter-helper/index.js';
