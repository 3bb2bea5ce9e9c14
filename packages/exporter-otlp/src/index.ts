// Public API of @settle/exporter-otlp. The default export is the plugin's list of component definitions.
import { otlpExporter } from './otlp-definition.js';

export { otlpExporter, createOtlpExporter } from './otlp-definition.js';
export { otlpConfigSchema } from './config/schema.js';
export type { OtlpConfig } from './config/schema.js';
export { OtlpSender } from './otlp-sender.js';
export type { OtlpSenderOptions } from './otlp-sender.js';
export { OtlpGrpcSender } from './grpc/grpc-sender.js';
export type { OtlpGrpcSenderOptions } from './grpc/grpc-sender.js';
export type { TemporalityMode } from './mapping/export-shape.js';

export default [otlpExporter];
