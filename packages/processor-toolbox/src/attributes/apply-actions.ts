import { createHash } from 'node:crypto';
import type { Attributes, AttributeValue } from '@settle/core';
import type { Action } from './config.js';

/**
 * The changes actions made to one point's attributes, over the untouched input: a key's new value, or
 * `undefined` for a deleted key. One overlay is reused from point to point (processing is synchronous).
 */
class Overlay {
  private readonly changes = new Map<string, AttributeValue | undefined>();
  private input: Attributes = {};

  reset(input: Attributes): void {
    this.changes.clear();
    this.input = input;
  }

  get(key: string): AttributeValue | undefined {
    return this.changes.has(key) ? this.changes.get(key) : this.input[key];
  }

  set(key: string, value: AttributeValue | undefined): void {
    this.changes.set(key, value);
  }

  /**
   * A fresh object built in one pass, input keys first (in their order), then new keys: adding keys to a
   * copy, or `delete`, would take every output object off V8's fast path (10-50 times slower).
   */
  build(): Attributes {
    const out: Record<string, AttributeValue> = {};
    const { input, changes } = this;
    for (const k in input) {
      if (!changes.has(k)) out[k] = input[k] as AttributeValue;
      else {
        const v = changes.get(k);
        if (v !== undefined) out[k] = v;
      }
    }
    for (const [k, v] of changes) if (v !== undefined && input[k] === undefined) out[k] = v;
    return out;
  }
}

type Step = (o: Overlay) => void;

/** Hashes repeat (the same client IP on many points): remember up to this many, then start afresh. */
const HASH_CACHE_LIMIT = 65_536;

/** Compiles actions into one function: a new attribute set, the input left untouched (batches are immutable). */
export function compileActions(actions: readonly Action[]): (attributes: Attributes) => Attributes {
  const steps = actions.map(compileStep);
  const overlay = new Overlay();
  return (attributes) => {
    overlay.reset(attributes);
    for (const step of steps) step(overlay);
    return overlay.build();
  };
}

function compileStep(a: Action): Step {
  const { key } = a;
  switch (a.action) {
    case 'insert':
    case 'update':
    case 'upsert': {
      const { action, value, from_attribute: from } = a;
      return (o) => {
        const present = o.get(key) !== undefined;
        if ((action === 'insert' && present) || (action === 'update' && !present)) return;
        const v = from === undefined ? value : o.get(from);
        if (v !== undefined) o.set(key, v);
      };
    }
    case 'delete':
      return (o) => o.set(key, undefined);
    case 'rename': {
      const { to } = a;
      return (o) => {
        const v = o.get(key);
        if (v === undefined) return;
        o.set(key, undefined);
        o.set(to, v);
      };
    }
    case 'hash': {
      const cache = new Map<string, string>();
      return (o) => {
        const v = o.get(key);
        if (v !== undefined) o.set(key, sha256(typeof v === 'string' ? v : String(v), cache));
      };
    }
  }
}

function sha256(text: string, cache: Map<string, string>): string {
  let h = cache.get(text);
  if (h === undefined) {
    h = createHash('sha256').update(text).digest('hex');
    if (cache.size >= HASH_CACHE_LIMIT) cache.clear();
    cache.set(text, h);
  }
  return h;
}
