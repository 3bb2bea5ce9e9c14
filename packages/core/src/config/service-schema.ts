import { z } from 'zod';
import { clusterSchema } from '../cluster/cluster-schema.js';
import { LOG_LEVELS, type LogLevel } from '../logging/logger.js';

export const DEFAULT_TELEMETRY_ADDRESS = '127.0.0.1:8888';

/** host:port where host is a name, an IPv4 address or a bracketed IPv6 address. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

export function isHostPort(text: string): boolean {
  const m = HOST_PORT.exec(text);
  return m !== null && Number(m[3]) <= 65_535;
}

const address = z
  .string()
  .meta({ description: 'host:port, e.g. 127.0.0.1:8888' })
  .refine(isHostPort, {
    error: (issue) =>
      `invalid address ${JSON.stringify(issue.input)}: write host:port, e.g. ${DEFAULT_TELEMETRY_ADDRESS}`,
  });

const logLevel = z
  .string()
  .meta({ enum: [...LOG_LEVELS] })
  .refine((v) => (LOG_LEVELS as readonly string[]).includes(v), {
    error: (issue) => `invalid log level ${JSON.stringify(issue.input)}: use one of ${LOG_LEVELS.join(', ')}`,
  })
  .transform((v) => v as LogLevel);

/** `${env:...}` always yields a string, so "true"/"false" are accepted where a switch is expected. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const telemetrySchema = z.strictObject({
  metrics: z
    .strictObject({ enabled: flag.default(true), address: address.default(DEFAULT_TELEMETRY_ADDRESS) })
    .default({ enabled: true, address: DEFAULT_TELEMETRY_ADDRESS }),
  logs: z.strictObject({ level: logLevel.default('info') }).default({ level: 'info' }),
});

const idList = z.array(z.string()).default([]);

export const pipelineSchema = z.strictObject({ receivers: idList, processors: idList, exporters: idList });

/** The `service:` section itself; telemetry and each pipeline are validated on their own nodes, so one mistake
 *  does not hide the others. */
export const serviceShallowSchema = z.strictObject({
  data_dir: z.string().min(1).optional(),
  cluster: clusterSchema.optional(),
  telemetry: z.unknown().optional(),
  pipelines: z.unknown().optional(),
});
