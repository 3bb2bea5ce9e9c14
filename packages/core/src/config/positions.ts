import {
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';

/** A step in a YAML path: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** "service.pipelines.metrics.receivers[1]" */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

/**
 * A node found by walking a path, with the key that introduced it: a problem about a whole mapping
 * (a missing key, an empty component) reads best at the line of that key, where the user wrote the name.
 */
export interface Located {
  readonly node: Node | null;
  readonly key: Node | undefined;
}

/** The document's top-level mapping, where every path starts. */
export function rootOf(doc: Document): Located {
  return { node: doc.contents, key: undefined };
}

/**
 * A mapping's pairs by key text, built once per mapping: every problem is located by walking its path, and a
 * linear search per step made 200,000 problems in one mapping cost 200,000² comparisons. The first pair of a
 * key wins, as the linear search did.
 */
const indexes = new WeakMap<YAMLMap, { size: number; byKey: Map<string, Pair> }>();

function pairsByKey(map: YAMLMap): Map<string, Pair> {
  const known = indexes.get(map);
  if (known !== undefined && known.size === map.items.length) return known.byKey;
  const byKey = new Map<string, Pair>();
  for (const pair of map.items) {
    if (isScalar(pair.key) && !byKey.has(String(pair.key.value))) byKey.set(String(pair.key.value), pair);
  }
  indexes.set(map, { size: map.items.length, byKey });
  return byKey;
}

/** Follows one path segment; undefined when the document has nothing there. */
export function descend(doc: Document, from: Located, segment: PathSegment): Located | undefined {
  const node = isAlias(from.node) ? (from.node.resolve(doc) ?? null) : from.node;
  if (isMap(node)) {
    const pair = pairsByKey(node).get(String(segment));
    return pair === undefined ? undefined : { node: (pair.value as Node | null) ?? null, key: pair.key as Node };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as Node | null | undefined;
    return item === undefined ? undefined : { node: item ?? null, key: undefined };
  }
  return undefined;
}

/** Walks as deep as the document goes; `rest` holds the segments it could not follow. */
export function locate(
  doc: Document,
  from: Located,
  segments: readonly PathSegment[],
): { found: Located; rest: readonly PathSegment[] } {
  let found = from;
  for (let i = 0; i < segments.length; i++) {
    const next = descend(doc, found, segments[i]!);
    if (next === undefined) return { found, rest: segments.slice(i) };
    found = next;
  }
  return { found, rest: [] };
}

/** Source offset to report for a value: the value itself when it has text, else the key naming it. */
export function valueOffset(at: Located): number | undefined {
  const { node, key } = at;
  const range = isScalar(node) ? node.range : undefined;
  if (range != null && range[1] > range[0]) return range[0];
  if (isCollection(node) && key === undefined) return node.range?.[0];
  return key?.range?.[0] ?? node?.range?.[0];
}

/** Source offset of a key (for unknown keys, duplicate ids). */
export function keyOffset(at: Located): number | undefined {
  return at.key?.range?.[0] ?? at.node?.range?.[0];
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

export function positionAt(lineCounter: LineCounter, offset: number | undefined): Position {
  if (offset === undefined) return { line: 1, column: 1 };
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}
