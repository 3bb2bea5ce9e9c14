import type { Batch, DataPoint, Metric } from '@settle/core';
import { compileAll, type AttributeTest } from '../match/attribute-condition.js';
import { compileNameMatcher, type NameTest } from '../match/name-matcher.js';
import type { FilterConfig, FilterRule } from './config.js';

interface CompiledRule {
  readonly name: NameTest | undefined;
  readonly points: AttributeTest | undefined;
  readonly resource: AttributeTest | undefined;
}

/** What a list of rules says about the points of one metric: all match, or those passing one of `tests`. */
interface Judgement {
  readonly all: boolean;
  readonly tests: readonly AttributeTest[];
}

const EVERY: Judgement = { all: true, tests: [] };

export interface FilterResult {
  /** What goes on: the input itself when nothing was dropped, undefined when everything was. */
  readonly batch: Batch | undefined;
  readonly notIncluded: number;
  readonly excluded: number;
}

/**
 * Compiles the config once into a pure function of a batch. Name and resource tests run once per metric and
 * batch; only rules with attribute conditions look at points, so a name-only filter never copies a point.
 */
export function compileFilter(config: FilterConfig): (batch: Batch) => FilterResult {
  const include = config.include.map(compileRule);
  const exclude = config.exclude.map(compileRule);
  return (batch) => {
    const inc = include.filter((r) => r.resource === undefined || r.resource(batch.resource));
    const exc = exclude.filter((r) => r.resource === undefined || r.resource(batch.resource));
    let notIncluded = 0;
    let excluded = 0;
    let changed = false;
    const metrics: Metric[] = [];
    for (const metric of batch.metrics) {
      const name = metric.descriptor.name;
      const keep = include.length === 0 ? EVERY : judge(inc, name);
      const drop = judge(exc, name);
      if (keep.all && !drop.all && drop.tests.length === 0) {
        metrics.push(metric);
        continue;
      }
      const kept: DataPoint[] = [];
      for (const p of metric.points) {
        if (!matches(keep, p)) notIncluded++;
        else if (matches(drop, p)) excluded++;
        else kept.push(p);
      }
      if (kept.length === metric.points.length) {
        metrics.push(metric);
        continue;
      }
      changed = true;
      if (kept.length > 0) metrics.push({ descriptor: metric.descriptor, points: kept });
    }
    if (!changed) return { batch, notIncluded, excluded };
    return { batch: metrics.length === 0 ? undefined : { ...batch, metrics }, notIncluded, excluded };
  };
}

function compileRule(rule: FilterRule): CompiledRule {
  const names = rule.metrics?.map(compileNameMatcher);
  const name: NameTest | undefined =
    names === undefined ? undefined : names.length === 1 ? names[0] : (n) => names.some((t) => t(n));
  return { name, points: compileAll(rule.attributes), resource: compileAll(rule.resource) };
}

function judge(rules: readonly CompiledRule[], name: string): Judgement {
  const tests: AttributeTest[] = [];
  for (const r of rules) {
    if (r.name !== undefined && !r.name(name)) continue;
    if (r.points === undefined) return EVERY;
    tests.push(r.points);
  }
  return { all: false, tests };
}

function matches(j: Judgement, p: DataPoint): boolean {
  if (j.all) return true;
  for (const t of j.tests) if (t(p.attributes)) return true;
  return false;
}
