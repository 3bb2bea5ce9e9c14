import { z } from 'zod';
import { defineReceiver } from '../component/define.js';
import { duration } from '../config/duration.js';
import { createBatch } from '../model/batch.js';
import { createPollingReceiver } from '../receiver-helper/create-polling-receiver.js';
import type { Attributes, DataPoint, Metric } from '../model/types.js';
import { generatedValue, PATTERNS } from './value-pattern.js';

const config = z
  .object({
    interval: duration({ min: 1 }).prefault('10s').describe('time between two batches'),
    series: z.number().int().min(1).max(1_000_000).default(10).describe('number of series per batch'),
    metric: z.string().min(1).default('settle_generated').describe('metric name of every series'),
    kind: z.enum(['gauge', 'sum']).default('gauge').describe('gauge, or delta sum covering the last interval'),
    pattern: z.enum(PATTERNS).default('sine').describe('how values evolve: constant, counter, sine, random'),
    value: z.number().default(100).describe('base value (constant value, sine amplitude, random maximum)'),
    attributes: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .default({})
      .describe('attributes added to every series (each series also has `series: "<index>"`)'),
    resource: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .default({})
      .describe('resource attributes of every batch'),
    max_batches: z.number().int().min(0).default(0).describe('stop after this many batches; 0 = never'),
  })
  .strict();

export type GeneratorConfig = z.output<typeof config>;

/** Builds the tick-th batch's metric: pure, so tests and benchmarks can call it without timers. */
export function generateMetric(cfg: GeneratorConfig, tick: number, timeMs: number, previousMs: number): Metric {
  const points: DataPoint[] = [];
  for (let i = 0; i < cfg.series; i++) {
    const attributes: Attributes = { ...cfg.attributes, series: String(i) };
    const value = generatedValue(cfg.pattern, cfg.value, i, tick);
    points.push(
      cfg.kind === 'sum' ? { attributes, startMs: previousMs, timeMs, value } : { attributes, timeMs, value },
    );
  }
  const descriptor =
    cfg.kind === 'sum'
      ? { name: cfg.metric, kind: 'sum' as const, temporality: 'delta' as const, monotonic: cfg.pattern === 'counter' }
      : { name: cfg.metric, kind: 'gauge' as const };
  return { descriptor, points };
}

/** Synthetic series on an interval: for smoke tests, examples and benchmarks. */
export const generatorReceiver = defineReceiver({
  type: 'generator',
  stability: 'alpha',
  description: 'emits synthetic series on an interval (smoke tests, benchmarks)',
  config,
  create(ctx, cfg, next) {
    let tick = 0;
    let previous = ctx.clock.now();
    return createPollingReceiver(ctx, next, {
      lanes: [
        {
          name: 'generate',
          intervalMs: cfg.interval,
          initialDelayMs: cfg.interval,
          collect: ({ now, finish }) => {
            const batch = createBatch([generateMetric(cfg, tick, now, previous)], cfg.resource, { origin: 'live' });
            tick++;
            previous = now;
            if (cfg.max_batches > 0 && tick >= cfg.max_batches) finish();
            return batch;
          },
        },
      ],
    });
  },
});
