import { createHash } from 'node:crypto';
import type { Attributes, AttributeValue } from '@settle/core';
import type { Action } from './config.js';

/** Values are undefined only for keys deleted by an earlier step (see compileActions). */
type Mutable = Record<string, AttributeValue | undefined>;
type Step = (a: Mutable) => void;

/** Hashes repeat (the same client IP on many points): remember up to this many, then start afresh. */
const HASH_CACHE_LIMIT = 65_536;

/**
 * Compiles actions into one function: a new attribute set, the input left untouched (batches are immutable).
 * A deleted key is first set to undefined and the set rebuilt without it at the end: `delete` would turn
 * every output object into a slow dictionary-mode object.
 */
export function compileActions(actions: readonly Action[]): (attributes: Attributes) => Attributes {
  const steps = actions.map(compileStep);
  const deletes = actions.some((a) => a.action === 'delete' || a.action === 'rename');
  return (attributes) => {
    const out: Mutable = { ...attributes };
    for (const step of steps) step(out);
    if (!deletes) return out as Attributes;
    const kept: Record<string, AttributeValue> = {};
    for (const k in out) {
      const v = out[k];
      if (v !== undefined) kept[k] = v;
    }
    return kept;
  };
}

function compileStep(a: Action): Step {
  const { key } = a;
  switch (a.action) {
    case 'insert':
    case 'update':
    case 'upsert': {
      const { action, value, from_attribute: from } = a;
      return (out) => {
        const present = out[key] !== undefined;
        if ((action === 'insert' && present) || (action === 'update' && !present)) return;
        const v = from === undefined ? value : out[from];
        if (v !== undefined) out[key] = v;
      };
    }
    case 'delete':
      return (out) => {
        out[key] = undefined;
      };
    case 'rename': {
      const { to } = a;
      return (out) => {
        const v = out[key];
        if (v === undefined) return;
        out[key] = undefined;
        out[to] = v;
      };
    }
    case 'hash': {
      const cache = new Map<string, string>();
      return (out) => {
        const v = out[key];
        if (v !== undefined) out[key] = sha256(typeof v === 'string' ? v : String(v), cache);
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
