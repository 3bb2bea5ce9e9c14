// Exporter helper: batching, retry, queueing (memory or persistent) shared by every exporter.
export { checkDeliveryConfig, deliveryConfigSchema, deliveryConfigShape } from './config.js';
export type { BatchConfig, DeliveryConfig, QueueConfig, RetryConfig } from './config.js';
export type { BatchSender, DropReason, SendResult } from './types.js';
export { createDeliveryExporter } from './delivery-exporter.js';
export type { DeliveryExporterOptions } from './delivery-exporter.js';
export { MAX_RETRY_AFTER_MS, backoffDelay, decideRetry } from './backoff.js';
export type { RetryDecision } from './backoff.js';
export { mergeBatches, splitByPoints, splitBySize } from './batch-split.js';
export { createMetricsRecorder } from './metrics-recorder.js';
export type { MetricsRecorder } from './metrics-recorder.js';
