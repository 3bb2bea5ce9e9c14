import { readFile } from 'node:fs/promises';
import {
  checkDeliveryConfig,
  checkReadableFile,
  createDeliveryExporter,
  defineExporter,
  SettleError,
  type ComponentContext,
  type Exporter,
} from '@settle/core';
import { readOtlpEnv } from './config/env.js';
import { otlpConfigSchema, type OtlpConfig } from './config/schema.js';
import { resolveTransport } from './config/settings.js';
import { createBatchMapper } from './mapping/batch-mapper.js';
import { OtlpSender } from './otlp-sender.js';
import { assertResolvedTransport, checkTransport, grpcBatch } from './grpc/grpc-config.js';
import { OtlpGrpcSender } from './grpc/grpc-sender.js';

/** `exporters: { otlp: ... }`: stabilised metrics to any OTLP/HTTP or OTLP/gRPC receiver. */
export const otlpExporter = defineExporter({
  type: 'otlp',
  stability: 'beta',
  description: 'OTLP/HTTP (protobuf or JSON) or OTLP/gRPC to any OpenTelemetry backend',
  config: otlpConfigSchema,
  check: (config, service) => [
    ...checkDeliveryConfig(config, service),
    ...checkReadableFile(config.tls.ca_file, ['tls', 'ca_file']),
    ...checkTransport(config),
  ],
  create: createOtlpExporter,
});

export async function createOtlpExporter(
  ctx: ComponentContext,
  config: OtlpConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Exporter> {
  const fromEnv = readOtlpEnv(env);
  for (const warning of fromEnv.warnings) ctx.logger.warn(warning);
  const transport = resolveTransport(config, fromEnv, config.protocol);
  const ca = config.tls.ca_file === undefined ? undefined : await readCa(ctx, config.tls.ca_file);
  const https = transport.url.startsWith('https:');
  if (!https && (ca !== undefined || config.tls.insecure_skip_verify)) {
    ctx.logger.warn({ url: transport.url }, 'tls settings are ignored: the endpoint is not https://');
  }
  assertResolvedTransport(ctx.id, config, transport);
  const tls = { ...(ca === undefined ? {} : { ca }), insecureSkipVerify: config.tls.insecure_skip_verify };
  const sender =
    config.protocol === 'grpc'
      ? new OtlpGrpcSender({ transport, tls, logger: ctx.logger })
      : new OtlpSender({ protocol: config.protocol, transport, tls, clock: ctx.clock, logger: ctx.logger });
  const mapper = createBatchMapper({
    mode: config.temporality,
    resource: config.resource_attributes,
    revisionWindowMs: config.cumulative.revision_window,
    seriesTtlMs: config.cumulative.series_ttl,
    storage: ctx.storage,
    logger: ctx.logger,
  });
  ctx.logger.info({ url: transport.url }, 'otlp exporter sends to this endpoint');
  // The mapping (stateful for cumulative) runs before the queue, one batch at a time, in arrival order.
  const batch = config.protocol === 'grpc' ? grpcBatch(ctx, config.batch) : config.batch;
  return createDeliveryExporter(ctx, { ...config, batch, timeout: transport.timeoutMs }, sender, {
    mapBeforeQueue: mapper,
  });
}

async function readCa(ctx: ComponentContext, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new SettleError('otlp.config', `exporters.${ctx.id}.tls.ca_file: cannot read "${file}" (${reason})`, {
      cause: err,
      retryable: false,
    });
  }
}
