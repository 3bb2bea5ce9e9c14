import type { Attributes, AttributeValue, Batch, DataPoint, Metric } from '@settle/core';
import { compileNameMatcher } from '../match/name-matcher.js';
import { AttributeShapes } from '../shape/attribute-shapes.js';
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
  const shapes = new AttributeShapes((names) => shapeInfo(names, drop));
  let calls = 0; // numbers aggregatePoints calls: a shape's cached root is used only in the call that found it
  const tests = config.metrics?.map(compileNameMatcher);
  const selected = (name: string): boolean => tests === undefined || tests.some((t) => t(name));
  return (batch) => {
    let changed = false;
    const metrics = batch.metrics.map((m): Metric => {
      if (!selected(m.descriptor.name)) return m;
      changed = true;
      const combine = m.descriptor.kind === 'sum' ? COMBINE.sum : COMBINE[config.gauge];
      return { descriptor: m.descriptor, points: aggregatePoints(m.points, shapes, combine, ++calls) };
    });
    return changed ? { ...batch, metrics } : batch;
  };
}

/** What grouping needs of one attribute shape (names in order). */
interface ShapeInfo {
  readonly names: readonly string[];
  /** Indices of the kept names, in sorted name order: the order the trie reads the values in. */
  readonly kept: readonly number[];
  /** Indices of the kept names, in the shape's order: the output attributes of a group it starts. */
  readonly inOrder: readonly number[];
  /** The kept names, sorted, encoded: shapes keeping the same names group together whatever their order. */
  readonly id: string;
  /** The trie root for `id` in the call numbered `call` (saves looking it up for every point). */
  root: Node | undefined;
  call: number;
}

/**
 * A trie over the kept values (in sorted name order) under a root per set of kept names, ending in the groups
 * by bucket: Map lookups on the values themselves (whose string hashes V8 caches), so no key string is built
 * per point, and "200" and 200 stay apart as Map keys do. `last` is the group the node saw last: points of
 * one series and bucket usually come together.
 */
class Node {
  children: Map<AttributeValue | undefined, Node> | undefined = undefined;
  last: Group | undefined = undefined;
  buckets: Map<number | undefined, Map<number, Group>> | undefined = undefined;
}

function shapeInfo(names: readonly string[], drop: ReadonlySet<string>): ShapeInfo {
  const inOrder = names.flatMap((n, i) => (drop.has(n) ? [] : [i]));
  const kept = [...inOrder].sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  return { names, kept, inOrder, id: JSON.stringify(kept.map((i) => names[i])), root: undefined, call: 0 };
}

function aggregatePoints(
  points: readonly DataPoint[],
  shapes: AttributeShapes<ShapeInfo>,
  combine: Combine,
  call: number,
): DataPoint[] {
  const roots = new Map<string, Node>();
  const groups: Group[] = [];
  const values = shapes.values;
  for (const p of points) {
    const shape = shapes.of(p.attributes);
    let node = shape.call === call ? shape.root! : rootOf(shape, roots, call);
    for (const i of shape.kept) {
      const v = values[i];
      const children = (node.children ??= new Map<AttributeValue | undefined, Node>());
      let child = children.get(v);
      if (child === undefined) children.set(v, (child = new Node()));
      node = child;
    }
    let g = node.last;
    if (g === undefined || g.startMs !== p.startMs || g.timeMs !== p.timeMs) {
      const buckets = (node.buckets ??= new Map<number | undefined, Map<number, Group>>());
      let byTime = buckets.get(p.startMs);
      if (byTime === undefined) buckets.set(p.startMs, (byTime = new Map<number, Group>()));
      g = byTime.get(p.timeMs);
      if (g === undefined) {
        const attributes: Record<string, AttributeValue> = {};
        for (const i of shape.inOrder) attributes[shape.names[i]!] = values[i] as AttributeValue;
        g = { attributes, startMs: p.startMs, timeMs: p.timeMs, value: p.value };
        byTime.set(p.timeMs, g);
        groups.push(g);
        node.last = g;
        continue;
      }
      node.last = g;
    }
    g.value = combine(g.value, p.value);
  }
  return groups.map((g) =>
    g.startMs === undefined
      ? { attributes: g.attributes, timeMs: g.timeMs, value: g.value }
      : { attributes: g.attributes, startMs: g.startMs, timeMs: g.timeMs, value: g.value },
  );
}

function rootOf(shape: ShapeInfo, roots: Map<string, Node>, call: number): Node {
  let root = roots.get(shape.id);
  if (root === undefined) roots.set(shape.id, (root = new Node()));
  shape.root = root;
  shape.call = call;
  return root;
}
