import type { AttributeValue, Attributes } from '@settle/core';

/** The table a trie resolves into: `holds(id, key)` says whether `id` still stands for `key`. */
export interface SeriesIds {
  holds(id: number, key: string): boolean;
  /** Series interned now. */
  readonly size: number;
}

/** A cached series: its id and the canonical key it was interned under (the id may be recycled later). */
export interface CachedSeries {
  id: number;
  key: string;
}

type Node = Map<AttributeValue, unknown>;

/** `find` results besides an id. */
export const UNKNOWN = -1;
export const OTHER_SHAPE = -2;

/**
 * Series ids of one metric (and resource) for points whose attribute names come in one order: a chain of Maps
 * keyed by the attribute values in that order, ending in the series. Finding a known series reads each value
 * once and hashes nothing but it: no key string is built.
 *
 * Collision-free like the canonical key: Maps compare scalars by SameValueZero, under which equal values
 * always have equal JSON encodings, so a path is never shared by two canonical keys (it can be finer: NaN
 * and Infinity both encode as `null`, and then two paths lead to one id). Only scalars are cached.
 */
export class AttributeTrie {
  /** A Map for one or more names; the series itself for points without attributes. */
  private root: Node | CachedSeries | undefined;

  constructor(readonly names: readonly string[]) {
    this.root = names.length === 0 ? undefined : new Map();
  }

  /** The series id of `attrs`, UNKNOWN when not cached (or recycled since), OTHER_SHAPE when names differ. */
  find(attrs: Attributes, ids: SeriesIds): number {
    const names = this.names;
    let node = this.root;
    let i = 0;
    // for-in walks the object's own names in order (and loads `attrs[k]` from its enum cache): it checks
    // the shape and reads the values in one pass, allocating nothing.
    for (const k in attrs) {
      if (names[i] !== k) return OTHER_SHAPE;
      if (node !== undefined) node = (node as Node).get(attrs[k]!) as Node | CachedSeries | undefined;
      i++;
    }
    if (i !== names.length) return OTHER_SHAPE;
    if (node === undefined) return UNKNOWN;
    const s = node as CachedSeries;
    return ids.holds(s.id, s.key) ? s.id : UNKNOWN;
  }

  /** Caches `attrs` (of this shape) → `id`; returns whether a new entry was added (false: updated or skipped). */
  remember(attrs: Attributes, id: number, key: string): boolean {
    const names = this.names;
    const last = names.length - 1;
    if (last < 0) return this.setRoot(id, key);
    for (const name of names) if (!isScalar(attrs[name])) return false;
    let node = this.root as Node;
    for (let i = 0; i < last; i++) {
      const v = attrs[names[i]!]!;
      let next = node.get(v) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(v, next);
      }
      node = next;
    }
    const v = attrs[names[last]!]!;
    const known = node.get(v) as CachedSeries | undefined;
    if (known !== undefined) {
      known.id = id;
      known.key = key;
      return false;
    }
    node.set(v, { id, key });
    return true;
  }

  /** Drops entries whose id no longer stands for their key, and emptied Maps; returns the entries kept. */
  sweep(ids: SeriesIds): number {
    if (this.names.length === 0) {
      const s = this.root as CachedSeries | undefined;
      if (s !== undefined && !ids.holds(s.id, s.key)) this.root = undefined;
      return this.root === undefined ? 0 : 1;
    }
    return sweepNode(this.root as Node, this.names.length - 1, ids);
  }

  get empty(): boolean {
    return this.root === undefined || (this.root instanceof Map && this.root.size === 0);
  }

  private setRoot(id: number, key: string): boolean {
    const known = this.root as CachedSeries | undefined;
    if (known === undefined) {
      this.root = { id, key };
      return true;
    }
    known.id = id;
    known.key = key;
    return false;
  }
}

function sweepNode(node: Node, depth: number, ids: SeriesIds): number {
  let kept = 0;
  for (const [v, child] of node) {
    if (depth === 0) {
      const s = child as CachedSeries;
      if (ids.holds(s.id, s.key)) kept++;
      else node.delete(v);
    } else {
      const n = sweepNode(child as Node, depth - 1, ids);
      if (n === 0) node.delete(v);
      kept += n;
    }
  }
  return kept;
}

/**
 * Mutable values (objects) are not cached: the same object could later encode differently. The types allow
 * none, but a plugin could still pass one.
 */
function isScalar(v: unknown): boolean {
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean';
}
