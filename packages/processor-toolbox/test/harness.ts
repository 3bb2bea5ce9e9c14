import type { Batch, ComponentContext, DataPoint, MetricDescriptor, ProcessorDefinition } from '@settle/core';
import {
  createMetricsRecorder,
  createTestContext,
  RecordingHost,
  SinkConsumer,
  type MetricsRecorder,
} from '@settle/core/testing';

export const REQUESTS: MetricDescriptor = {
  name: 'cloudflare_zone_requests_total',
  kind: 'sum',
  temporality: 'delta',
  monotonic: true,
};
export const TEMPERATURE: MetricDescriptor = { name: 'room_temperature', kind: 'gauge' };

/** A point of the minute starting at `minute` (ms since epoch / 60 000). */
export function point(attributes: DataPoint['attributes'], value: number, minute = 0): DataPoint {
  return { attributes, startMs: minute * 60_000, timeMs: (minute + 1) * 60_000, value };
}

export interface Run {
  readonly sink: SinkConsumer;
  readonly metrics: MetricsRecorder;
  feed(batch: Batch): Promise<void>;
  stop(): Promise<void>;
}

/** Creates and starts the processor from a YAML-shaped config, with a sink and a readable meter. */
export async function run(definition: ProcessorDefinition, input: unknown, id?: string): Promise<Run> {
  const metrics = createMetricsRecorder();
  const ctx: ComponentContext = createTestContext({ id: id ?? definition.type, meter: metrics.meter });
  const sink = new SinkConsumer();
  const processor = await definition.create(ctx, definition.config.parse(input), sink);
  await processor.start(new RecordingHost());
  return {
    sink,
    metrics,
    feed: (batch) => processor.consume(batch),
    stop: () => processor.shutdown(),
  };
}

/** `name{k=v,...} value @minute` lines, sorted: compact expectations for table-driven tests. */
export function lines(sink: SinkConsumer): string[] {
  return sink
    .points()
    .map((p) => {
      const attrs = Object.entries(p.attributes)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(',');
      return `${p.name}{${attrs}} ${p.value} @${(p.startMs ?? p.timeMs) / 60_000}`;
    })
    .sort();
}
