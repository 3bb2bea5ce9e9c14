import type { TelemetryReading } from '@settle/core';

/** What converge measured about itself for one source (dataset), read from its `settle_converge_*` gauges. */
export interface SourceMeasured {
  readonly source: string;
  readonly histories: number;
  /** Share (0–1) of sampled points whose first push was their final value; undefined before any window closed. */
  readonly firstPushExactness: number | undefined;
  readonly revisionRate: number | undefined;
  /** Seconds after the bucket's end: first push (p50, p90) and last change of the value (p50, p99). */
  readonly firstPushDelay: { readonly p50: number | undefined; readonly p90: number | undefined };
  readonly lastChange: { readonly p50: number | undefined; readonly p99: number | undefined };
  readonly rule: { readonly threshold: number; readonly stableForS: number; readonly minAgeS: number };
  /** The learned rule's 95 % lower bound of counterfactual exactness; undefined while the rule is the cold-start one. */
  readonly lowerBound: number | undefined;
}

/**
 * Converge's self-measurement as a production user reads it (its telemetry, by `source`), so the demo can set
 * it beside the simulator's score: the two readings must agree for the telemetry to be worth trusting.
 */
export function readMeasured(telemetry: TelemetryReading): SourceMeasured[] {
  const bySource = (name: string, quantile?: string): Map<string, number> => {
    const out = new Map<string, number>();
    for (const o of telemetry.observations(name)) {
      const source = o.attributes['source'];
      if (typeof source !== 'string') continue;
      if (quantile !== undefined && o.attributes['quantile'] !== quantile) continue;
      out.set(source, o.value);
    }
    return out;
  };
  const histories = bySource('settle_converge_sampled_histories');
  const exactness = bySource('settle_converge_first_push_exactness');
  const revisions = bySource('settle_converge_revision_rate');
  const pushP50 = bySource('settle_converge_first_push_delay_seconds', '0.5');
  const pushP90 = bySource('settle_converge_first_push_delay_seconds', '0.9');
  const changeP50 = bySource('settle_converge_last_change_seconds', '0.5');
  const changeP99 = bySource('settle_converge_last_change_seconds', '0.99');
  const threshold = bySource('settle_converge_rule_threshold');
  const stableFor = bySource('settle_converge_rule_stable_for_seconds');
  const minAge = bySource('settle_converge_rule_min_age_seconds');
  const lowerBound = bySource('settle_converge_rule_exactness_lower_bound');
  return [...threshold.keys()].sort().map((source) => ({
    source,
    histories: histories.get(source) ?? 0,
    firstPushExactness: exactness.get(source),
    revisionRate: revisions.get(source),
    firstPushDelay: { p50: pushP50.get(source), p90: pushP90.get(source) },
    lastChange: { p50: changeP50.get(source), p99: changeP99.get(source) },
    rule: {
      threshold: threshold.get(source) ?? 0,
      stableForS: stableFor.get(source) ?? 0,
      minAgeS: minAge.get(source) ?? 0,
    },
    lowerBound: lowerBound.get(source),
  }));
}
