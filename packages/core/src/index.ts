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

export {
  SETTLE_ERROR_BRAND,
  SettleError,
  errorCodeOf,
  isPermanent,
  isRetryable,
  isSettleError,
  isThrottled,
  permanentError,
  retryDelayOf,
  retryableError,
  throttledError,
} from './errors/index.js';
export type { SettleErrorData, SettleErrorOptions } from './errors/index.js';

export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_STATUS_TABLE,
  HttpTransport,
  MAX_RETRY_AFTER_MS,
  backoffDelay,
  bodySnippet,
  decideRetry,
  errorForStatus,
  errorForTransport,
  parseRetryAfter,
  statusOutcome,
  targetOf,
  timeoutError,
  tooLargeError,
  withStatuses,
} from './http/index.js';
export type {
  BackoffPolicy,
  HttpExchange,
  HttpRequest,
  HttpResponse,
  HttpTransportOptions,
  RetryDecision,
  RetryPolicy,
  StatusFailure,
  StatusOutcome,
  StatusTable,
  TlsSettings,
} from './http/index.js';

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

// Areas with a barrel of their own (each owned as one piece of work).
export * from './config/index.js';
export * from './service/index.js';
export * from './exporter-helper/index.js';
