import { deliveryConfigShape, duration, endpointUrl, resendWindow } from '@settle/core';
import { z } from 'zod';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const vmConfigSchema = z
  .object({
    endpoint: endpointUrl()
      .default('http://127.0.0.1:8428')
      .meta({ description: 'base URL of VictoriaMetrics (or of a remote-write receiver)' }),
    format: z
      .enum(['import', 'remote_write'])
      .default('import')
      .meta({ description: 'import: /api/v1/import JSON lines; remote_write: Prometheus remote write 1.0' }),
    /** Only for remote_write: the path appended to the endpoint. */
    remote_write_path: z.string().startsWith('/').default('/api/v1/write'),
    extra_labels: z
      .record(z.string(), z.string())
      .superRefine((labels, ctx) => {
        for (const name of Object.keys(labels)) {
          if (!LABEL_NAME.test(name) || name.startsWith('__')) {
            ctx.addIssue({
              code: 'custom',
              path: [name],
              message: `label name "${name}" must match [a-zA-Z_][a-zA-Z0-9_]* and not start with "__"`,
            });
          }
        }
      })
      .default({})
      .meta({ description: 'labels added to every series (they win over point and resource labels)' }),
    timestamp: z
      .enum(['start', 'end'])
      .default('start')
      .meta({ description: 'which end of a point interval becomes the sample timestamp' }),
    max_age: duration({ min: 60_000, max: 366 * 86_400_000 }) // compared with ages, never a timer
      .default(30 * 86_400_000)
      .meta({ description: 'points older than this are not sent (VictoriaMetrics drops data outside retention)' }),
    compression: z.enum(['gzip', 'none']).default('gzip'),
    basic_auth: z.object({ username: z.string().min(1), password: z.string() }).optional(),
    bearer_token: z.string().min(1).optional(),
    tls: z
      .object({
        ca_file: z.string().min(1).optional(),
        insecure_skip_verify: z.boolean().default(false),
      })
      .prefault({}),
    ...deliveryConfigShape,
    // VictoriaMetrics may lose what it answered 204 to for ~10 s (in-memory buffers); with dedup a re-send
    // of the same values is stored once, so the window is on by default here.
    resend_window: resendWindow(15_000),
    /** Where the restart probe reads process_start_time_seconds (resend_window > 0); "" turns the probe off. */
    probe_path: z.union([z.literal(''), z.string().startsWith('/')]).default('/metrics'),
  })
  .refine((c) => c.basic_auth === undefined || c.bearer_token === undefined, {
    message: 'set either basic_auth or bearer_token, not both',
    path: ['bearer_token'],
  });

export type VmConfig = z.output<typeof vmConfigSchema>;

/** VictoriaMetrics drops samples more than 2 days ahead of its clock. */
export const MAX_FUTURE_MS = 2 * 86_400_000;
