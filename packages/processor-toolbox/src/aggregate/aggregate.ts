import { type Attributes, type AttributeValue, type Batch, type DataPoint, type Metric } from '@settle/core';
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

/**
 * Groups by a trie over (key, value) pairs of the kept attributes in sorted key order, then by bucket: Map
 * lookups on the values themselves (whose string hashes V8 caches), so no key string is built per point, and
 * "200" and 200 stay apart as Map keys do.
 */
interface Node {
  readonly next: Map<string, Map<AttributeValue, Node>>;
  readonly buckets: Map<number | undefined, Map<number, Group>>;
}

const newNode = (): Node => ({ next: new Map(), buckets: new Map() });

function aggregatePoints(points: readonly DataPoint[], drop: ReadonlySet<string>, combine: Combine): DataPoint[] {
  const root = newNode();
  const groups: Group[] = [];
  const kept: string[] = [];
  for (const p of points) {
    keptKeys(p.attributes, drop, kept);
    let node = root;
    for (const k of kept) {
      const v = p.attributes[k] as AttributeValue;
      let byValue = node.next.get(k);
      if (byValue === undefined) node.next.set(k, (byValue = new Map<AttributeValue, Node>()));
      let child = byValue.get(v);
      if (child === undefined) byValue.set(v, (child = newNode()));
      node = child;
    }
    let byTime = node.buckets.get(p.startMs);
    if (byTime === undefined) node.buckets.set(p.startMs, (byTime = new Map<number, Group>()));
    const g = byTime.get(p.timeMs);
    if (g !== undefined) {
      g.value = combine(g.value, p.value);
      continue;
    }
    const attributes: Record<string, AttributeValue> = {};
    for (const k in p.attributes) if (!drop.has(k)) attributes[k] = p.attributes[k] as AttributeValue;
    const group: Group = { attributes, startMs: p.startMs, timeMs: p.timeMs, value: p.value };
    byTime.set(p.timeMs, group);
    groups.push(group);
  }
  return groups.map((g) =>
    g.startMs === undefined
      ? { attributes: g.attributes, timeMs: g.timeMs, value: g.value }
      : { attributes: g.attributes, startMs: g.startMs, timeMs: g.timeMs, value: g.value },
  );
}

/** The attribute keys not dropped, sorted (without sorting when they already come in order), into `kept`. */
function keptKeys(attributes: Attributes, drop: ReadonlySet<string>, kept: string[]): void {
  kept.length = 0;
  let sorted = true;
  for (const k in attributes) {
    if (drop.has(k)) continue;
    if (sorted && kept.length > 0 && (kept[kept.length - 1] as string) > k) sorted = false;
    kept.push(k);
  }
  if (!sorted) kept.sort();
}
