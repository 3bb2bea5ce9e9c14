import type { AttributeValue, Attributes } from '@settle/core';

/** Shapes remembered before starting afresh: a source sends a handful; a flood of them must not grow memory. */
const SHAPE_LIMIT = 1024;

interface Known<T> {
  readonly names: readonly string[];
  readonly state: T;
}

/**
 * Per-shape state, a shape being a point's attribute names in their order. Points of one source nearly always
 * share one shape, so whatever depends on the names only (which keys an action writes, which ones aggregate
 * keeps and in what order) is worked out once per shape by `compile`, and a point then costs one walk over its
 * names, checked against the last shape seen without allocating (as converge's SeriesKeyEncoder does).
 */
export class AttributeShapes<T> {
  /** The current point's values, in its shape's name order: filled by `of`, reused from point to point. */
  readonly values: (AttributeValue | undefined)[] = [];
  private last: Known<T> | undefined;
  private readonly known = new Map<string, Known<T>>();

  constructor(private readonly compile: (names: readonly string[]) => T) {}

  /** The names of the shape `of` returned last. */
  get names(): readonly string[] {
    return this.last?.names ?? [];
  }

  /** The state of `attrs`'s shape; fills `values`. */
  of(attrs: Attributes): T {
    const last = this.last;
    if (last !== undefined) {
      const { names } = last;
      const values = this.values;
      let i = 0;
      // for-in walks the own names in order and loads `attrs[k]` from the object's enum cache: the shape
      // check and the value reads are one pass.
      for (const k in attrs) {
        if (names[i] !== k) return this.other(attrs);
        values[i++] = attrs[k];
      }
      if (i === names.length) return last.state;
    }
    return this.other(attrs);
  }

  private other(attrs: Attributes): T {
    const names: string[] = [];
    const values = this.values;
    values.length = 0;
    for (const k in attrs) {
      names.push(k);
      values.push(attrs[k]);
    }
    const id = JSON.stringify(names); // collision-free, whatever the names contain
    let known = this.known.get(id);
    if (known === undefined) {
      if (this.known.size >= SHAPE_LIMIT) this.known.clear();
      known = { names, state: this.compile(names) };
      this.known.set(id, known);
    }
    this.last = known;
    return known.state;
  }
}
