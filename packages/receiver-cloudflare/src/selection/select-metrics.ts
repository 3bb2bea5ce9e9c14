import type { DataPoint, Metric } from '@settle/core';
import type { SelectionConfig } from './selection-config.js';

/** Keeps the metrics a dataset's `include` / `exclude` lists allow (include first, then exclude). */
export function selectMetrics(config: SelectionConfig, datasetId: string, metrics: readonly Metric[]): Metric[] {
  const lists = config.metrics[datasetId];
  if (lists === undefined) return [...metrics];
  return metrics.filter((m) => {
    const name = m.descriptor.name;
    if (lists.include !== undefined && !lists.include.includes(name)) return false;
    return lists.exclude === undefined || !lists.exclude.includes(name);
  });
}

export interface LimitResult {
  readonly metrics: Metric[];
  /** Per zone over the limit: how many points were dropped. */
  readonly dropped: ReadonlyMap<string, number>;
}

/**
 * Keeps at most `max` series per zone (a series: metric and attributes, over all the reply's minutes): those
 * with the largest total, ties by key, so the same heavy series are kept poll after poll and the long tail
 * goes. `zone` is the label every Cloudflare point carries.
 */
export function limitSeriesPerZone(metrics: readonly Metric[], max: number): LimitResult {
  if (max <= 0) return { metrics: [...metrics], dropped: new Map() };
  const byZone = new Map<string, Map<string, number>>(); // zone → series key → total
  const keyOf = (name: string, p: DataPoint): string => `${name}\u0000${JSON.stringify(p.attributes)}`;
  for (const m of metrics)
    for (const p of m.points) {
      const zone = String(p.attributes['zone']);
      let series = byZone.get(zone);
      if (series === undefined) byZone.set(zone, (series = new Map<string, number>()));
      const key = keyOf(m.descriptor.name, p);
      series.set(key, (series.get(key) ?? 0) + p.value);
    }
  const refused = new Set<string>();
  for (const series of byZone.values()) {
    if (series.size <= max) continue;
    const ranked = [...series].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [key] of ranked.slice(max)) refused.add(key);
  }
  if (refused.size === 0) return { metrics: [...metrics], dropped: new Map() };
  const dropped = new Map<string, number>();
  const kept = metrics.map((m) => ({
    descriptor: m.descriptor,
    points: m.points.filter((p) => {
      if (!refused.has(keyOf(m.descriptor.name, p))) return true;
      const zone = String(p.attributes['zone']);
      dropped.set(zone, (dropped.get(zone) ?? 0) + 1);
      return false;
    }),
  }));
  return { metrics: kept, dropped };
}
