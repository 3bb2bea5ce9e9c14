import type { AttributeValue, Attributes } from '@settle/core';

/** The table a trie resolves into. */
export interface SeriesIds {
  /**
   * Whether `id` is interned now, resolved in `scope`, with exactly the attributes `names` and these values
   * (SameValueZero): an id cached in the trie is used only while this holds (ids are recycled).
   */
  matches(id: number, scope: number, names: readonly string[], attrs: Attributes): boolean;
  /** Series interned now. */
  readonly size: number;
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
  /** A Map for one or more names; the series id itself for points without attributes. */
  private root: Node | number | undefined;

  /** `scope`: the (resource, metric) the trie's series were resolved in (see SeriesIds.matches). */
  constructor(
    readonly names: readonly string[],
    private readonly scope: number,
  ) {
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
      if (node !== undefined) node = (node as Node).get(attrs[k]!) as Node | number | undefined;
      i++;
    }
    if (i !== names.length) return OTHER_SHAPE;
    if (node === undefined) return UNKNOWN;
    const id = node as number;
    return ids.matches(id, this.scope, names, attrs) ? id : UNKNOWN;
  }

  /** Caches `attrs` (of this shape) → `id`; returns whether a new entry was added (false: updated or skipped). */
  remember(attrs: Attributes, id: number): boolean {
    const names = this.names;
    const last = names.length - 1;
    if (last < 0) {
      const added = this.root === undefined;
      this.root = id;
      return added;
    }
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
    const added = !node.has(v);
    node.set(v, id);
    return added;
  }

  /** Drops entries whose id no longer stands for their attributes, and emptied Maps; returns the entries kept. */
  sweep(ids: SeriesIds): number {
    if (this.names.length === 0) {
      const id = this.root as number | undefined;
      if (id !== undefined && !ids.matches(id, this.scope, this.names, {})) this.root = undefined;
      return this.root === undefined ? 0 : 1;
    }
    return this.sweepNode(this.root as Node, 0, {}, ids);
  }

  get empty(): boolean {
    return this.root === undefined || (this.root instanceof Map && this.root.size === 0);
  }

  /** `path`: the attribute values above `node`, by name (rebuilt as the walk goes down). */
  private sweepNode(node: Node, depth: number, path: Record<string, AttributeValue>, ids: SeriesIds): number {
    const name = this.names[depth]!;
    const leaf = depth === this.names.length - 1;
    let kept = 0;
    for (const [v, child] of node) {
      path[name] = v;
      if (leaf) {
        if (ids.matches(child as number, this.scope, this.names, path)) kept++;
        else node.delete(v);
      } else {
        const n = this.sweepNode(child as Node, depth + 1, path, ids);
        if (n === 0) node.delete(v);
        kept += n;
      }
    }
    return kept;
  }
}

/**
 * Mutable values (objects) are not cached: the same object could later encode differently. The types allow
 * none, but a plugin could still pass one.
 */
function isScalar(v: unknown): boolean {
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean';
}
