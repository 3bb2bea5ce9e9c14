import type { AttributeValue } from '@settle/core';
import type { Action } from './config.js';

/**
 * Where an output value comes from: input value number `from` (in the shape's name order), hashed `hashes`
 * times; or, when `from` is -1, the constant `value` (already hashed as the actions say).
 */
export interface Source {
  readonly from: number;
  readonly value: AttributeValue | undefined;
  readonly hashes: number;
}

/** What the actions make of attributes of one shape: the output keys in order, each with its source. */
export interface ActionPlan {
  readonly keys: readonly string[];
  readonly sources: readonly Source[];
}

export type Hash = (value: AttributeValue) => string;

/**
 * Runs the actions on a shape instead of on values: `names` are the input's keys in order, `present[i]`
 * whether value i is defined. Each action changes a key (to a source, or `undefined` for deleted); the output
 * is the input's keys in their order (a changed one in its place, a deleted one gone), then the keys the
 * input did not have, in the order they were first set. This is the one statement of what actions mean.
 */
export function planActions(
  actions: readonly Action[],
  names: readonly string[],
  present: readonly boolean[],
  hash: Hash,
): ActionPlan {
  const index = new Map(names.map((n, i) => [n, i]));
  const changes = new Map<string, Source | undefined>();
  const get = (key: string): Source | undefined => {
    if (changes.has(key)) return changes.get(key);
    const i = index.get(key);
    return i !== undefined && present[i] === true ? { from: i, value: undefined, hashes: 0 } : undefined;
  };
  for (const a of actions) {
    const { key } = a;
    const v = get(key);
    switch (a.action) {
      case 'insert':
      case 'update':
      case 'upsert': {
        if ((a.action === 'insert' && v !== undefined) || (a.action === 'update' && v === undefined)) break;
        const set = a.from_attribute === undefined ? constant(a.value) : get(a.from_attribute);
        if (set !== undefined) changes.set(key, set);
        break;
      }
      case 'delete':
        changes.set(key, undefined);
        break;
      case 'rename':
        if (v === undefined) break;
        changes.set(key, undefined);
        changes.set(a.to, v);
        break;
      case 'hash':
        if (v === undefined) break;
        changes.set(key, v.from < 0 ? constant(hash(v.value!)) : { ...v, hashes: v.hashes + 1 });
        break;
    }
  }
  const keys: string[] = [];
  const sources: Source[] = [];
  names.forEach((k, i) => {
    const v = changes.has(k) ? changes.get(k) : { from: i, value: undefined, hashes: 0 };
    if (v === undefined) return;
    keys.push(k);
    sources.push(v);
  });
  for (const [k, v] of changes) {
    if (v === undefined || index.has(k)) continue;
    keys.push(k);
    sources.push(v);
  }
  return { keys, sources };
}

function constant(value: AttributeValue | undefined): Source | undefined {
  return value === undefined ? undefined : { from: -1, value, hashes: 0 };
}
