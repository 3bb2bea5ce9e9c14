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
  ConfigCheckProblem,
  ExporterDefinition,
  ProcessorDefinition,
  ReceiverDefinition,
  ServiceSettings,
} from './component/define.js';
export { COMPONENT_TYPE_PATTERN, defineExporter, defineProcessor, defineReceiver } from './component/define.js';

export { SettleError, isRetryable, permanentError, retryableError } from './errors/settle-error.js';
export type { SettleErrorOptions } from './errors/settle-error.js';

export type { Clock, Timer } from './clock/clock.js';
export { every, sleep } from './clock/clock.js';
export { systemClock } from './clock/system-clock.js';
export { MAX_TIMER_MS } from './clock/safe-timeout.js';
export { acceleratedClock } from './clock/accelerated-clock.js';

export type { Storage } from './storage/storage.js';
export { getJson, setJson } from './storage/storage.js';
export { FileStorage } from './storage/file-storage.js';
export { MemoryStorage } from './storage/memory-storage.js';

export { duration, formatDuration, MAX_DURATION_MS, parseDuration } from './config/duration.js';
export { endpointUrl } from './config/endpoint.js';
export { checkReadableFile } from './config/readable-file.js';
export { escapeControl } from './config/control-chars.js';

export type { LogLevel, LoggerOptions } from './logging/logger.js';
export { LOG_LEVELS, createLogger, silentLogger } from './logging/logger.js';
export type { Logger } from 'pino';

export type { ComponentOrigin, RegisteredComponent } from './component/registry.js';
export { ComponentRegistry } from './component/registry.js';

// Areas with a barrel of their own (each owned as one piece of work).
export * from './config/index.js';
export * from './service/index.js';
export * from './exporter-helper/index.js';
