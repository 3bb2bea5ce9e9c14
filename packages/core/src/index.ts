// Public API of @settle/core, the one list of it (areas have no barrels of their own). Plugins depend on these
// exports only.
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
  ConfigCheckProblem,
  ExporterDefinition,
  PipelineTraits,
  ProcessorDefinition,
  ReceiverDefinition,
  ServiceSettings,
} from './component/define.js';
export { COMPONENT_TYPE_PATTERN, defineExporter, defineProcessor, defineReceiver } from './component/define.js';

export {
  SETTLE_ERROR_BRAND,
  SettleError,
  permanentError,
  retryableError,
  throttledError,
} from './errors/settle-error.js';
export type { SettleErrorOptions } from './errors/settle-error.js';
export {
  errorCodeOf,
  isPermanent,
  isRetryable,
  isSettleError,
  isThrottled,
  retryDelayOf,
} from './errors/error-class.js';
export type { SettleErrorData } from './errors/error-class.js';

export { backoffDelay, decideRetry } from './http/backoff.js';
export type { BackoffPolicy, RetryDecision, RetryPolicy } from './http/backoff.js';
export { MAX_RETRY_AFTER_MS, parseRetryAfter } from './http/retry-after.js';
export { DEFAULT_STATUS_TABLE, bodySnippet, errorForStatus, statusOutcome, withStatuses } from './http/outcome.js';
export type { StatusFailure, StatusOutcome, StatusTable } from './http/outcome.js';
export { errorForTransport, timeoutError, tooLargeError } from './http/transport-error.js';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  HttpTransport,
  targetOf,
} from './http/http-transport.js';
export type {
  HttpExchange,
  HttpRequest,
  HttpResponse,
  HttpTransportOptions,
  TlsSettings,
} from './http/http-transport.js';

export type { Clock, Timer } from './clock/clock.js';
export { every, sleep } from './clock/clock.js';
export { systemClock } from './clock/system-clock.js';
export { MAX_TIMER_MS } from './clock/safe-timeout.js';
export { acceleratedClock } from './clock/accelerated-clock.js';

export type { Storage } from './storage/storage.js';
export { getJson, setJson } from './storage/storage.js';
export { FileStorage } from './storage/file-storage.js';
export { MemoryStorage } from './storage/memory-storage.js';
export { appendLog } from './storage/append-log.js';
export type { AppendLog, LogRecord } from './storage/append-log.js';

export { duration, formatDuration, MAX_DURATION_MS, parseDuration } from './config/duration.js';
export { owners, ownsKey } from './cluster/rendezvous.js';
export type { ClusterMembership } from './cluster/rendezvous.js';
export { clusterSchema, memberNumber } from './cluster/cluster-schema.js';
export { endpointUrl } from './config/endpoint.js';
export { checkReadableFile } from './config/readable-file.js';
export { escapeControl } from './config/control-chars.js';

export type { LogLevel, LoggerOptions } from './logging/logger.js';
export { LOG_LEVELS, createLogger, silentLogger } from './logging/logger.js';
export type { Logger } from 'pino';

export type { ComponentOrigin, RegisteredComponent } from './component/registry.js';
export { ComponentRegistry } from './component/registry.js';

// Config loading and validation: YAML → validated, positioned config and the pipeline graph.
export type { ConfigProblem } from './config/problems.js';
export { ConfigError, formatProblems } from './config/problems.js';
export type { ParsedConfig, PluginReference } from './config/parse.js';
export { parseConfig } from './config/parse.js';
export { resolveConfig } from './config/resolve.js';
export type { LoadConfigOptions } from './config/load.js';
export { loadConfigFile } from './config/load.js';
export type {
  GraphNode,
  PipelineGraph,
  ResolvedComponent,
  ResolvedConfig,
  ResolvedKind,
  ResolvedPipeline,
  TelemetryConfig,
} from './config/types.js';
export { configJsonSchema } from './config/schema.js';
export { expandEnv } from './config/env-expand.js';
export { DEFAULT_TELEMETRY_ADDRESS } from './config/service-schema.js';

// Service runtime: the running pipelines, lifecycle, self-telemetry.
export { Service } from './service/service.js';
export type { ServiceExit, ServiceOptions, ServiceState } from './service/service.js';
export type { ComponentStatusEntry, HealthReport } from './service/status-tracker.js';
export type { ListenAddress } from './service/listen-address.js';
export { parseListenAddress } from './service/listen-address.js';
export { fanoutConsumer } from './service/fanout-consumer.js';
export { storageDirectory } from './service/component-context.js';
export { TelemetryReader, TelemetryReading } from './service/telemetry-reader.js';
export type { TelemetryObservation } from './service/telemetry-reader.js';

// Built-in components.
export { builtinComponents } from './builtin/builtin-components.js';
export { debugExporter } from './builtin/debug-exporter.js';
export { encodeBatchLines, fileExporter } from './builtin/file-exporter.js';
export { generateMetric, generatorReceiver } from './builtin/generator-receiver.js';
export type { GeneratorConfig } from './builtin/generator-receiver.js';

// Plugin loading.
export { loadPlugins, pluginLoader } from './plugins/load-plugins.js';
export type { PluginLoaderOptions, PluginSpec } from './plugins/load-plugins.js';
export { coreVersion } from './plugins/core-version.js';
export { projectPlugins } from './plugins/project-plugins.js';
export { locatePackage, packageEntry } from './plugins/locate-package.js';
export type { LocatedPackage } from './plugins/locate-package.js';
export { isDefinition } from './plugins/plugin-manifest.js';
export type { PluginManifest } from './plugins/plugin-manifest.js';
export { isValidRange, satisfies } from './plugins/semver-range.js';

// Exporter helper: batching, retry, queueing (memory or persistent) shared by every exporter.
export {
  checkDeliveryConfig,
  deliveryConfigSchema,
  deliveryConfigShape,
  resendWindow,
  retryPolicyOf,
} from './exporter-helper/config.js';
export type { BatchConfig, DeliveryConfig, QueueConfig, RetryConfig } from './exporter-helper/config.js';
export type { BatchSender, DropReason, SendResult } from './exporter-helper/types.js';
export { createDeliveryExporter } from './exporter-helper/delivery-exporter.js';
export type { BatchMapStep, DeliveryExporterOptions } from './exporter-helper/delivery-exporter.js';
export { mergeBatches, splitByPoints, splitBySize } from './exporter-helper/batch-split.js';
export { HANDOFF_META, handoffOf, withHandoff } from './exporter-helper/handoff.js';
export type { HandoffId } from './exporter-helper/handoff.js';

// Processor helper: the author writes "batch in → batches out"; lifecycle, serial steps, timers, drain,
// refusals and telemetry are the helper's.
export { createProcessor } from './processor-helper/create-processor.js';
export type { ProcessTools, ProcessorOutput, ProcessorSpec, ProcessorTimer } from './processor-helper/types.js';
// Polling-receiver helper: the author writes "collect once"; schedules, lifecycle, abort and telemetry are the helper's.
export { createPollingReceiver } from './receiver-helper/create-polling-receiver.js';
export type { PollingReceiver } from './receiver-helper/create-polling-receiver.js';
export type { CollectOutput, CollectTools, PollingLane, PollingReceiverSpec } from './receiver-helper/types.js';
