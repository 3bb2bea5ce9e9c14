import type { DataPoint, Metric } from '@settle/core';
import { STATUS_METRICS } from './status-metrics.js';

/** Collects gauge readings of one poll, all stamped with the poll's instant, grouped by metric name. */
export class GaugeReadings {
  private readonly byName = new Map<string, DataPoint[]>();

  constructor(private readonly timeMs: number) {}

  add(name: string, attributes: Record<string, string>, value: number): void {
    let points = this.byName.get(name);
    if (points === undefined) this.byName.set(name, (points = []));
    points.push({ attributes, timeMs: this.timeMs, value });
  }

  metrics(): Metric[] {
    return [...this.byName].map(([name, points]) => {
      const spec = STATUS_METRICS.find((m) => m.name === name);
      if (spec === undefined) throw new TypeError(`${name} is not listed in STATUS_METRICS`);
      return { descriptor: { name, kind: 'gauge', unit: spec.unit, description: spec.description }, points };
    });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string field of a REST object, '' when absent. */
export function text(o: unknown, key: string): string {
  if (!isObject(o)) return '';
  const v = o[key];
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** A list field of a REST object, [] when absent. */
export function list(o: unknown, key: string): unknown[] {
  if (!isObject(o)) return [];
  const v = o[key];
  return Array.isArray(v) ? v : [];
}

export function flag(o: unknown, key: string): boolean | undefined {
  if (!isObject(o)) return undefined;
  const v = o[key];
  return typeof v === 'boolean' ? v : undefined;
}
