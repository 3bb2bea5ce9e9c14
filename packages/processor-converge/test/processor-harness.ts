import { MeterProvider, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import type { Batch, DataPoint, Logger, Processor, Storage } from '@settle/core';
import { FakeClock, RecordingHost, SinkConsumer, createTestContext } from '@settle/core/testing';
import { convergeConfig, convergeProcessor } from '../src/index.js';
import { MINUTE, REQUESTS } from './helpers.js';

/** Collects on demand: the real SDK aggregating what the processor records. */
class TestReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

export interface Harness {
  readonly processor: Processor;
  readonly sink: SinkConsumer;
  readonly clock: FakeClock;
  metrics(): Promise<MetricData[]>;
}

export async function startConverge(
  config: Record<string, unknown>,
  options: { clock?: FakeClock; storage?: Storage; sink?: SinkConsumer; logger?: Logger } = {},
): Promise<Harness> {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const clock = options.clock ?? new FakeClock();
  const sink = options.sink ?? new SinkConsumer();
  const ctx = createTestContext({
    id: 'converge',
    clock,
    meter: provider.getMeter('test'),
    ...(options.storage === undefined ? {} : { storage: options.storage }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  // These tests exercise the shell's mechanics poll by poll, so "stable" is a poll count unless a test says
  // otherwise (the default `stable_for: 2m` is covered by the defaults test and the engine's own tests).
  const parsed = convergeConfig.parse({ stable_for: '0s', target_exactness: 'off', ...config });
  const processor = await convergeProcessor.create(ctx, parsed, sink);
  await processor.start(new RecordingHost());
  const metrics = async (): Promise<MetricData[]> => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  };
  return { processor, sink, clock, metrics };
}

/** Sum of a counter's data points matching `attrs`. */
export function counterValue(metrics: MetricData[], name: string, attrs: Record<string, string> = {}): number {
  const m = metrics.find((x) => x.descriptor.name === name);
  if (m === undefined) return 0;
  let total = 0;
  for (const dp of m.dataPoints) {
    if (Object.entries(attrs).every(([k, v]) => dp.attributes[k] === v)) total += dp.value as number;
  }
  return total;
}

/**
 * A settling source: series s0–s5 over minute buckets; each poll returns the buckets that ended in the last
 * `lookback`. Values grow for `(s + b) % 4` polls then hold; s4 never settles in every third bucket; s5 is
 * absent from odd polls (zero-count combinations are omitted).
 */
export function settlingPoll(p: number, nowMs: number, startMs: number, lookback = 3 * MINUTE): Batch {
  const points: DataPoint[] = [];
  const first = Math.floor((nowMs - lookback - startMs) / MINUTE);
  for (let b = Math.max(0, first); (b + 1) * MINUTE + startMs <= nowMs; b++) {
    const sinceEnd = Math.floor((nowMs - startMs - (b + 1) * MINUTE) / 30_000);
    for (let s = 0; s < 6; s++) {
      if (s === 5 && p % 2 === 1) continue;
      const final = ((s * 37 + b * 11) % 50) + 1;
      const settle = (s + b) % 4;
      let value = sinceEnd >= settle ? final : Math.floor((final * (sinceEnd + 1)) / (settle + 1));
      if (s === 4 && b % 3 === 0) value = final + p;
      points.push({
        attributes: { zone: `s${s}` },
        startMs: startMs + b * MINUTE,
        timeMs: startMs + (b + 1) * MINUTE,
        value,
      });
    }
  }
  return { resource: { account: 'a1' }, metrics: [{ descriptor: REQUESTS, points }], meta: { origin: 'live' } };
}
