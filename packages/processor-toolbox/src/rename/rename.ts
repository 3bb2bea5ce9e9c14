import type { Batch, Metric } from '@settle/core';
import { anchored } from '../match/name-matcher.js';
import type { MetricsRenameConfig } from './config.js';

/** Names seen are few (a receiver's metric families); remember the answer for each, up to this many. */
const CACHE_LIMIT = 10_000;

/** Compiles the rules into a pure function of a name (undefined: no rule matches). */
export function compileRename(config: MetricsRenameConfig): (name: string) => string | undefined {
  const rules = config.rules.map((r) =>
    'from' in r
      ? (name: string) => (name === r.from ? r.to : undefined)
      : (() => {
          const re = anchored(r.regex);
          return (name: string) => (re.test(name) ? name.replace(re, r.to) : undefined);
        })(),
  );
  const cache = new Map<string, string | undefined>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    let out: string | undefined;
    for (const rule of rules) if ((out = rule(name)) !== undefined) break;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(name, out);
    return out;
  };
}

/** Renames the batch's metrics; points and descriptors' other fields are shared, not copied. */
export function renameBatch(batch: Batch, rename: (name: string) => string | undefined): Batch {
  let changed = false;
  const metrics = batch.metrics.map((m): Metric => {
    const name = rename(m.descriptor.name);
    if (name === undefined || name === m.descriptor.name) return m;
    changed = true;
    return { descriptor: { ...m.descriptor, name }, points: m.points };
  });
  return changed ? { ...batch, metrics } : batch;
}
