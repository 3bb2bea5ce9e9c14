import { createHash } from 'node:crypto';
import type { AttributeValue, Attributes } from '@settle/core';
import { AttributeShapes } from '../shape/attribute-shapes.js';
import { planActions, type ActionPlan, type Hash } from './action-plan.js';
import type { Action } from './config.js';

/** Hashes repeat (the same client IP on many points): remember up to this many, then start afresh. */
const HASH_CACHE_LIMIT = 65_536;

type Out = Record<string, AttributeValue | undefined>;

/**
 * A plan made runnable: the output is a copy of `template` (V8 clones an object's layout in one step, where
 * adding keys one by one walks its transitions), then the slots in `writes` filled from the point's values.
 * `template` is the input itself when the keys stay the same, else the first output (holding the constants).
 */
interface Compiled extends ActionPlan {
  readonly sameKeys: boolean;
  readonly writes: readonly number[];
  /** Every slot: the first output is built key by key. */
  readonly all: readonly number[];
  template: Out | undefined;
}

/** Compiles actions into one function: a new attribute set, the input left untouched (batches are immutable). */
export function compileActions(actions: readonly Action[]): (attributes: Attributes) => Attributes {
  const hash = cachedSha256();
  const plan = (names: readonly string[], present: readonly boolean[]): Compiled =>
    compiled(planActions(actions, names, present, hash), names);
  const shapes = new AttributeShapes((names) =>
    plan(
      names,
      names.map(() => true),
    ),
  );
  return (attributes) => {
    const shaped = shapes.of(attributes);
    const values = shapes.values;
    // A key holding `undefined` (the types allow none) counts as absent: such a point gets a plan of its own.
    const exact = values.includes(undefined)
      ? plan(
          shapes.names,
          values.map((v) => v !== undefined),
        )
      : shaped;
    return run(exact, attributes, values, hash);
  };
}

function compiled(plan: ActionPlan, names: readonly string[]): Compiled {
  const sameKeys = plan.keys.length === names.length && plan.keys.every((k, i) => k === names[i]);
  const writes: number[] = [];
  plan.sources.forEach((s, j) => {
    // over the input itself: every slot that differs from it; over a template: every slot not a constant
    if (sameKeys ? !(s.from === j && s.hashes === 0) : s.from >= 0) writes.push(j);
  });
  return { ...plan, sameKeys, writes, all: plan.keys.map((_, j) => j), template: undefined };
}

function run(
  plan: Compiled,
  input: Attributes,
  values: readonly (AttributeValue | undefined)[],
  hash: Hash,
): Attributes {
  const { keys, sources } = plan;
  const first = !plan.sameKeys && plan.template === undefined;
  const out: Out = plan.sameKeys ? { ...input } : first ? {} : { ...plan.template };
  for (const j of first ? plan.all : plan.writes) {
    const s = sources[j]!;
    let v = s.from < 0 ? s.value : values[s.from];
    for (let n = s.hashes; n > 0 && v !== undefined; n--) v = hash(v);
    out[keys[j]!] = v;
  }
  if (first) plan.template = { ...out };
  return out as Attributes;
}

/** SHA-256 in hex of a value's text (`200` hashes "200"), remembered for values seen recently. */
function cachedSha256(): Hash {
  const cache = new Map<AttributeValue, string>();
  return (value) => {
    let h = cache.get(value);
    if (h === undefined) {
      h = createHash('sha256')
        .update(typeof value === 'string' ? value : String(value))
        .digest('hex');
      if (cache.size >= HASH_CACHE_LIMIT) cache.clear();
      cache.set(value, h);
    }
    return h;
  };
}
