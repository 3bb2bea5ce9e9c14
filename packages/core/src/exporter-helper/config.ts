import { z } from 'zod';
import type { ConfigCheckProblem, ServiceSettings } from '../component/define.js';
import { duration } from '../config/duration.js';
import type { RetryPolicy } from '../http/backoff.js';

const MIB = 1024 * 1024;

const retrySchema = z
  .object({
    enabled: z.boolean().default(true),
    initial_interval: duration({ min: 1 }).default(1_000),
    max_interval: duration({ min: 1 }).default(30_000),
    /** "0" retries forever. */
    max_elapsed_time: duration().default(300_000),
    multiplier: z.number().min(1).default(1.5),
    randomization_factor: z.number().min(0).max(1).default(0.5),
  })
  .prefault({})
  .meta({ description: 'retry of transient failures with exponential backoff and jitter' });

const queueSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Counted in incoming batches (calls to consume), as the Collector's default sizer. */
    queue_size: z.int().min(1).default(10_000),
    /** Persistent on-disk segments under the component's data directory. */
    storage: z.boolean().default(false),
    full_policy: z.enum(['block', 'drop_oldest']).default('block'),
    num_consumers: z.int().min(1).max(64).default(1),
    /** With storage: fsync before `consume` resolves (group commit); false = written to the OS only. */
    fsync: z.boolean().default(true),
    /** With storage: optional bound on the bytes kept on disk (0 = only queue_size bounds it). */
    max_bytes: z.int().min(0).default(0),
    /** How long shutdown keeps delivering what is queued before it stops (the rest stays on disk). */
    drain_timeout: duration().default(15_000),
  })
  .prefault({})
  .meta({ description: 'the queue between the pipeline and the sender' });

const batchSchema = z
  .object({
    max_points: z.int().min(1).default(10_000),
    max_bytes: z
      .int()
      .min(1024)
      .default(8 * MIB),
    flush_interval: duration().default(1_000),
  })
  .prefault({})
  .meta({ description: 'how queued batches are merged and split into requests' });

/**
 * `resend_window`: what the backend acknowledged within this window is sent again when it may have lost it
 * (a failed-then-successful request, a restart seen by the sender's `backendEpoch`). `0` turns it off. Only
 * for backends whose writes are idempotent (the same value at the same timestamp stored once); an exporter
 * whose backend qualifies overrides the default: `resend_window: resendWindow(15_000)`.
 */
export function resendWindow(defaultMs: number) {
  return duration({ max: 600_000 })
    .default(defaultMs)
    .meta({ description: 'acknowledged data kept and re-sent when the backend may have lost it (0 = off)' });
}

/** Default bound of the re-send window: at ~200 B a point, about 40 MB (15 s at 13,000 points/s). */
export const DEFAULT_RESEND_MAX_POINTS = 200_000;

/**
 * Delivery settings every exporter embeds in its own config:
 * `z.object({ endpoint: ..., ...deliveryConfigShape })`. Every key is optional and defaulted.
 */
export const deliveryConfigShape = {
  timeout: duration({ min: 1 }).default(10_000).meta({ description: 'timeout of one request' }),
  resend_window: resendWindow(0),
  resend_max_points: z.int().min(1).default(DEFAULT_RESEND_MAX_POINTS).meta({
    description:
      'most points the re-send window keeps; past it the oldest acknowledged requests leave early (counted, logged)',
  }),
  retry_on_failure: retrySchema,
  sending_queue: queueSchema,
  batch: batchSchema,
};

export const deliveryConfigSchema = z.object(deliveryConfigShape);

export type DeliveryConfig = z.output<typeof deliveryConfigSchema>;
export type RetryConfig = DeliveryConfig['retry_on_failure'];

/** The retry settings as the one backoff (core/src/http/backoff.ts) reads them. */
export function retryPolicyOf(c: RetryConfig): RetryPolicy {
  return {
    enabled: c.enabled,
    initialMs: c.initial_interval,
    maxMs: c.max_interval,
    multiplier: c.multiplier,
    randomizationFactor: c.randomization_factor,
    maxElapsedMs: c.max_elapsed_time,
  };
}
export type QueueConfig = DeliveryConfig['sending_queue'];
export type BatchConfig = DeliveryConfig['batch'];

/**
 * The delivery settings' part of an exporter definition's `check`: a persistent queue needs a data directory.
 * Exporters built on the helper set `check: checkDeliveryConfig` (or call it from their own check).
 */
export function checkDeliveryConfig(
  config: Pick<DeliveryConfig, 'sending_queue'>,
  service: ServiceSettings,
): ConfigCheckProblem[] {
  if (!config.sending_queue.storage || service.dataDir !== undefined) return [];
  return [
    {
      path: ['sending_queue', 'storage'],
      message: 'a persistent queue needs a data directory: set service.data_dir (or --data-dir), or storage: false',
    },
  ];
}
