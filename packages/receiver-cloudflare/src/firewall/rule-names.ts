import type { Batch, Clock, Consumer, Logger, Metric } from '@settle/core';
import type { RestClient } from '../client/rest-client.js';
import type { ZoneInfo } from '../query/rows-to-points.js';

/** The rulesets whose rules firewall events name by `ruleId` (as lablabs/cloudflare-exporter resolves them). */
const PHASES = new Set(['http_request_firewall_managed', 'http_request_firewall_custom']);
const MAX_NAME = 200;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** lablabs' label form of a rule description: lower case, spaces as `_`, at most 200 characters. */
export function ruleLabel(description: string): string {
  return description.toLowerCase().replaceAll(' ', '_').slice(0, MAX_NAME);
}

/** Rule id → label, from the managed and custom firewall rulesets of `zoneTags`. Throws what the REST client throws. */
export async function readRuleNames(
  rest: RestClient,
  zoneTags: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const tag of zoneTags) {
    const base = `/zones/${encodeURIComponent(tag)}/rulesets`;
    for (const summary of await rest.list(base, signal)) {
      if (!isObject(summary) || typeof summary.id !== 'string' || !PHASES.has(String(summary.phase))) continue;
      const ruleset = await rest.read(`${base}/${encodeURIComponent(summary.id)}`, signal);
      for (const rule of isObject(ruleset) && Array.isArray(ruleset.rules) ? ruleset.rules : []) {
        if (!isObject(rule) || typeof rule.id !== 'string') continue;
        const description = typeof rule.description === 'string' ? rule.description.trim() : '';
        if (description !== '') names.set(rule.id, ruleLabel(description));
      }
    }
  }
  return names;
}

/** `metrics` with each `rule` label that has a name replaced by it. */
export function nameRules(metrics: readonly Metric[], names: ReadonlyMap<string, string>): Metric[] {
  if (names.size === 0) return [...metrics];
  return metrics.map((m) => ({
    ...m,
    points: m.points.map((p) => {
      const id = p.attributes['rule'];
      const name = typeof id === 'string' ? names.get(id) : undefined;
      return name === undefined ? p : { ...p, attributes: { ...p.attributes, rule: name } };
    }),
  }));
}

export interface RuleNamesDeps {
  readonly rest: RestClient;
  readonly zones: () => readonly ZoneInfo[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** How long names are kept before they are read again (the receiver's `zone_refresh`). */
  readonly refreshMs: number;
}

/**
 * Firewall rule names for the `rule` label instead of rule ids: read from each zone's rulesets (`GET
 * /zones/{id}/rulesets`, then `GET /zones/{id}/rulesets/{ruleset}` for the managed and custom firewall phases,
 * `rules[].id` → `description`), before the first firewall batch and again every `refreshMs`. A rule without a
 * name (other sources, rules added since the last read, no permission to read rulesets) keeps its id.
 */
export class RuleNames {
  private names = new Map<string, string>();
  private nextRefreshMs = -Infinity;
  private refreshing: Promise<void> | undefined;
  private warned = false;

  constructor(private readonly deps: RuleNamesDeps) {}

  /** `next`, with firewall batches' `rule` labels named. */
  wrap(next: Consumer): Consumer {
    return {
      consume: async (batch) => {
        if (batch.meta?.['cloudflare.dataset_id'] !== 'firewall_events') return next.consume(batch);
        await this.fresh();
        return next.consume(this.rename(batch));
      },
    };
  }

  /** The rule id → name map as last read (for tests and telemetry). */
  size(): number {
    return this.names.size;
  }

  private rename(batch: Batch): Batch {
    return this.names.size === 0 ? batch : { ...batch, metrics: nameRules(batch.metrics, this.names) };
  }

  private fresh(): Promise<void> {
    if (this.deps.clock.now() < this.nextRefreshMs) return Promise.resolve();
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refresh(): Promise<void> {
    const { rest, signal, logger, clock } = this.deps;
    this.nextRefreshMs = clock.now() + this.deps.refreshMs;
    try {
      const names = await readRuleNames(
        rest,
        this.deps.zones().map((z) => z.tag),
        signal,
      );
      this.names = names;
      logger.debug({ rules: names.size }, 'firewall rule names read');
    } catch (err) {
      if (signal.aborted) return;
      const fields = { error: err instanceof Error ? err.message : String(err) };
      const message =
        'cannot read firewall rule names (does the token have Zone WAF: Read?); keeping the last ones, or rule ids';
      if (this.warned) logger.debug(fields, message);
      else logger.warn(fields, message);
      this.warned = true;
    }
  }
}
