import { seriesKey, type Attributes, type AttributeValue, type Batch, type DataPoint, type Metric } from '@settle/core';
import { compileNameMatcher } from '../match/name-matcher.js';
import type { AggregateConfig, GaugeFunction } from './config.js';

type Combine = (a: number, b: number) => number;

const COMBINE: Record<GaugeFunction | 'sum', Combine> = {
  last: (_a, b) => b,
  min: (a, b) => (b < a ? b : a),
  max: (a, b) => (b > a ? b : a),
  sum: (a, b) => a + b,
};

interface Group {
  readonly attributes: Attributes;
  readonly startMs: number | undefined;
  readonly timeMs: number;
  value: number;
}

/**
 * Compiles the config into a pure function of one batch: in each selected metric, removes the `drop`
 * attributes and combines points left with the same attributes and the same bucket (startMs, timeMs). It only
 * sees this batch: it is right only when the batch holds every series of each bucket it carries (one poll's
 * snapshot), which is why the processor refuses converge's output (README, "Where aggregate belongs").
 */
export function compileAggregate(config: AggregateConfig): (batch: Batch) => Batch {
  const drop = new Set(config.drop);
  const tests = config.metrics?.map(compileNameMatcher);
  const selected = (name: string): boolean => tests === undefined || tests.some((t) => t(name));
  return (batch) => {
    let changed = false;
    const metrics = batch.metrics.map((m): Metric => {
      if (!selected(m.descriptor.name)) return m;
      changed = true;
      const combine = m.descriptor.kind === 'sum' ? COMBINE.sum : COMBINE[config.gauge];
      return { descriptor: m.descriptor, points: aggregatePoints(m.points, drop, combine) };
    });
    return changed ? { ...batch, metrics } : batch;
  };
}

function aggregatePoints(points: readonly DataPoint[], drop: ReadonlySet<string>, combine: Combine): DataPoint[] {
  const groups = new Map<string, Group>();
  for (const p of points) {
    const attributes = without(p.attributes, drop);
    const key = `${seriesKey('', attributes)}|${p.startMs ?? ''}|${p.timeMs}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { attributes, startMs: p.startMs, timeMs: p.timeMs, value: p.value });
    else g.value = combine(g.value, p.value);
  }
  const out: DataPoint[] = [];
  for (const g of groups.values()) {
    out.push(
      g.startMs === undefined
        ? { attributes: g.attributes, timeMs: g.timeMs, value: g.value }
        : { attributes: g.attributes, startMs: g.startMs, timeMs: g.timeMs, value: g.value },
    );
  }
  return out;
}

function without(attributes: Attributes, drop: ReadonlySet<string>): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const k in attributes) if (!drop.has(k)) out[k] = attributes[k] as AttributeValue;
  return out;
}
