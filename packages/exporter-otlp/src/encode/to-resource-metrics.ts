import { ValueType, type HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint as SdkDataPoint,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { Batch, Metric } from '@settle/core';

/** The instrumentation scope every exported metric carries: settle produced it, not an SDK meter. */
export const SCOPE = { name: '@settle/exporter-otlp', version: '0.1.0' } as const;

/** Epoch milliseconds → [seconds, nanoseconds], exact for whole (and sub-) milliseconds. */
export function msToHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/**
 * Integer values travel as `as_int`, others as `as_double`. The SDK serializers write no value at all when
 * `valueType` is missing (and the export still "succeeds"), so every descriptor gets one, decided per metric.
 */
export function valueTypeOf(metric: Metric): ValueType {
  for (const p of metric.points) if (!Number.isSafeInteger(p.value)) return ValueType.DOUBLE;
  return ValueType.INT;
}

/**
 * Hand-builds the SDK's `ResourceMetrics` from a batch that is already in its export shape (see
 * `toExportBatch`): the points keep their source timestamps; nothing is stamped with the export time.
 */
export function toResourceMetrics(batch: Batch): ResourceMetrics {
  return {
    resource: resourceFromAttributes(batch.resource),
    scopeMetrics: [{ scope: SCOPE, metrics: batch.metrics.map(toMetricData) }],
  };
}

function toMetricData(metric: Metric): MetricData {
  const d = metric.descriptor;
  const descriptor = {
    name: d.name,
    description: d.description ?? '',
    unit: d.unit ?? '',
    valueType: valueTypeOf(metric),
  };
  // Points of one batch share a handful of bucket times: convert each once (measurably cheaper at 10k points).
  const times = new Map<number, HrTime>();
  const hr = (ms: number): HrTime => {
    let t = times.get(ms);
    if (t === undefined) {
      t = msToHrTime(ms);
      times.set(ms, t);
    }
    return t;
  };
  const dataPoints = metric.points.map((p): SdkDataPoint<number> => ({
    startTime: hr(p.startMs ?? p.timeMs),
    endTime: hr(p.timeMs),
    attributes: p.attributes,
    value: p.value,
  }));
  if (d.kind === 'gauge') {
    return {
      descriptor,
      dataPointType: DataPointType.GAUGE,
      // Ignored for gauges by the serializers; the type requires a value.
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPoints,
    };
  }
  return {
    descriptor,
    dataPointType: DataPointType.SUM,
    aggregationTemporality:
      d.temporality === 'cumulative' ? AggregationTemporality.CUMULATIVE : AggregationTemporality.DELTA,
    isMonotonic: d.monotonic ?? false,
    dataPoints,
  };
}
