import type { Attributes } from '@settle/core';
import { AttributeTrie, OTHER_SHAPE, type SeriesIds } from './attribute-trie.js';

/** Sweeps never run below this many cached entries. */
export const MIN_SWEEP = 4096;

/**
 * Series ids of one metric under one resource, by attribute values: one trie per attribute-name order seen
 * (a source nearly always sends one), the last one used tried first.
 */
export class MetricLookup {
  private shapes: AttributeTrie[] = [];
  private last: AttributeTrie | undefined;

  /** `scope`: a number unique to this (resource, metric), never 0. */
  constructor(
    private readonly owner: SeriesLookup,
    readonly scope: number,
  ) {}

  /** The cached id of `attrs`, or UNKNOWN (a negative number). */
  find(attrs: Attributes): number {
    const last = this.last;
    if (last !== undefined) {
      const id = last.find(attrs, this.owner.ids);
      if (id !== OTHER_SHAPE) return id;
    }
    const trie = this.trieFor(attrs);
    this.last = trie;
    return trie.find(attrs, this.owner.ids);
  }

  /** Caches `attrs` → `id` (interned in this scope, with these attributes). */
  remember(attrs: Attributes, id: number): void {
    if (this.trieFor(attrs).remember(attrs, id)) this.owner.added();
  }

  /** Drops stale entries and empty tries; returns the entries kept. */
  sweep(): number {
    let kept = 0;
    this.shapes = this.shapes.filter((t) => {
      kept += t.sweep(this.owner.ids);
      return !t.empty;
    });
    if (this.last !== undefined && !this.shapes.includes(this.last)) this.last = undefined;
    return kept;
  }

  private trieFor(attrs: Attributes): AttributeTrie {
    const names: string[] = [];
    for (const k in attrs) names.push(k);
    const known = this.shapes.find((t) => sameNames(t.names, names));
    if (known !== undefined) return known;
    const trie = new AttributeTrie(names, this.scope);
    this.shapes.push(trie);
    return trie;
  }
}

/**
 * The engine's cache from (resource, metric name, attribute values) to series ids, so that a point of a known
 * series costs a few Map lookups on its values instead of building and hashing its canonical key. The key is
 * built, and the series interned, only for a new series; the cache never decides identity on its own, it only
 * remembers what the canonical key decided.
 *
 * Ids are recycled when a series' windows close: an entry is used only while its id still stands for a series
 * of this scope with the entry's attribute values (SeriesIds.matches). Stale entries are swept once the cache holds
 * twice as many entries as there are live series (and as it kept after the previous sweep), which bounds its
 * memory at a small multiple of the live series at an amortised constant cost per new series.
 */
export class SeriesLookup {
  private readonly byResource = new Map<string, Map<string, MetricLookup>>();
  private entries = 0;
  private sweepAt: number;
  private scopes = 0;

  constructor(
    readonly ids: SeriesIds,
    private readonly minSweep = MIN_SWEEP,
  ) {
    this.sweepAt = minSweep;
  }

  /** The lookup for one metric under one resource (by the resource's canonical encoding). */
  metric(resourceKey: string, name: string): MetricLookup {
    let metrics = this.byResource.get(resourceKey);
    if (metrics === undefined) {
      metrics = new Map();
      this.byResource.set(resourceKey, metrics);
    }
    let m = metrics.get(name);
    if (m === undefined) {
      m = new MetricLookup(this, ++this.scopes);
      metrics.set(name, m);
    }
    return m;
  }

  /** Counts a new entry; sweeps when due (never while at most half the entries could be stale). */
  added(): void {
    if (++this.entries >= this.sweepAt && this.entries > 2 * this.ids.size) this.sweep();
  }

  get size(): number {
    return this.entries;
  }

  /** Drops every entry whose id was recycled (and emptied scopes). */
  sweep(): void {
    let kept = 0;
    for (const [resourceKey, metrics] of this.byResource) {
      for (const [name, m] of metrics) {
        const n = m.sweep();
        if (n === 0) metrics.delete(name);
        kept += n;
      }
      if (metrics.size === 0) this.byResource.delete(resourceKey);
    }
    this.entries = kept;
    this.sweepAt = Math.max(this.minSweep, 2 * kept);
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
