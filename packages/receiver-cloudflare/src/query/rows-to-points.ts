import type { Attributes, DataPoint, Metric, MetricDescriptor } from '@settle/core';
import { BUCKET_MS, TIME_DIMENSION, type DatasetSpec, type LabelSource } from '../datasets/types.js';
import { countOf, MAX_COUNT, realOf, rfc3339Ms } from './reply-values.js';

/** A zone as labels need it: `zone` is the zone's name (as lablabs), `account` the account's name when known. */
export interface ZoneInfo {
  readonly tag: string;
  readonly name: string;
  readonly account?: string | undefined;
}

interface Slot {
  readonly attributes: Attributes;
  readonly startMs: number;
  value: number;
  /** Its sum passed 2^53: a partial sum would be a wrong value, so the series is left out for that minute. */
  overflow: boolean;
}

/** The queried range, [sinceMs, untilMs): rows outside it are not what was asked for. */
export interface RowRange {
  readonly sinceMs: number;
  readonly untilMs: number;
}

export interface AddRowsResult {
  /** Rows or values that could not be read (wrong type, bad time, out of range). Counted, never thrown. */
  readonly invalid: number;
  /** The fields those were in (`count`, `dimensions.datetimeMinute`, `sum.countryMap[].requests`), each with why. */
  readonly invalidFields: ReadonlyMap<string, string>;
  /** Start of the newest minute seen, for the lag telemetry. */
  readonly newestBucketMs: number | undefined;
}

type Path = readonly string[];

/** A spec with its dotted paths split once, since rows are read thousands of times per reply. */
interface Plan {
  readonly dimensions: readonly { readonly source: LabelSource; readonly path: Path }[];
  readonly metrics: readonly PlannedMetric[];
}

interface PlannedMetric {
  readonly name: string;
  readonly value: Path;
  /** The value's field as a warning names it. */
  readonly field: string;
  readonly map: Path | undefined;
  readonly mapLabels: readonly { readonly source: LabelSource; readonly path: Path }[];
  /** Fixed labels, and their part of the slot key. */
  readonly constLabels: Readonly<Record<string, string>>;
  readonly constKey: string;
  /** Dataset labels this metric leaves out. */
  readonly dropped: ReadonlySet<string>;
  readonly max: boolean;
  /** Values are measurements (fractions allowed), not counts. */
  readonly real: boolean;
}

const plans = new WeakMap<DatasetSpec, Plan>();

function planOf(spec: DatasetSpec): Plan {
  let plan = plans.get(spec);
  if (plan === undefined) {
    plan = {
      dimensions: spec.dimensions.map((source) => ({ source, path: ['dimensions', source.field] })),
      metrics: spec.metrics.map((m) => ({
        name: m.name,
        value: m.value.split('.'),
        field: m.map === undefined ? m.value : `${m.map}[].${m.value}`,
        map: m.map?.split('.'),
        mapLabels: (m.mapLabels ?? []).map((source) => ({ source, path: [source.field] })),
        constLabels: m.constLabels ?? {},
        constKey: Object.values(m.constLabels ?? {}).join(SEP),
        dropped: new Set(m.dropLabels ?? []),
        max: (m.merge ?? (m.kind === 'gauge' ? 'max' : 'sum')) === 'max',
        real: (m.values ?? (m.kind === 'gauge' ? 'real' : 'count')) === 'real',
      })),
    };
    plans.set(spec, plan);
  }
  return plan;
}

// Label values are joined into slot keys with a separator no Cloudflare value contains; the label names are
// fixed per metric, so equal keys mean equal label sets.
const SEP = '\u0000';

/**
 * Turns dataset rows into per-minute points: one series per metric and dimension combination, stamped
 * `startMs` = minute start and `timeMs` = minute end, as delta monotonic sums. Duplicate combinations inside
 * one reply (e.g. two map entries with the same country) are added up so each series appears once per minute.
 */
export class PointCollector {
  private readonly slots = new Map<string, Map<string, Slot>>();
  private readonly plan: Plan;

  constructor(private readonly spec: DatasetSpec) {
    this.plan = planOf(spec);
  }

  addRows(zone: ZoneInfo, rows: readonly unknown[], range?: RowRange): AddRowsResult {
    let invalid = 0;
    const invalidFields = new Map<string, string>();
    const reject = (field: string, why: string): void => {
      invalid++;
      if (!invalidFields.has(field)) invalidFields.set(field, why);
    };
    let newest: number | undefined;
    const zoneKey = `${zone.name}${SEP}${zone.account ?? ''}`;
    for (const row of rows) {
      const startMs = bucketOf(row);
      if (startMs === undefined) {
        reject(TIME_FIELD, 'not an RFC 3339 date-time');
        continue;
      }
      if (range !== undefined && (startMs < range.sinceMs || startMs >= range.untilMs)) {
        reject(TIME_FIELD, 'outside the queried range');
        continue;
      }
      if (newest === undefined || startMs > newest) newest = startMs;
      // Account-scoped datasets get `account` only (the "zone" passed in is the account).
      const base: Record<string, string> = this.spec.scope === 'account' ? {} : { zone: zone.name };
      if (zone.account !== undefined) base.account = zone.account;
      let baseKey = `${startMs}${SEP}${zoneKey}`;
      for (const d of this.plan.dimensions) {
        const v = labelValue(get(row, d.path), d.source);
        base[d.source.label] = v;
        baseKey += SEP + v;
      }
      for (const m of this.plan.metrics) {
        if (m.map === undefined) {
          const simple = m.constKey === '' && m.dropped.size === 0;
          const attrs = simple ? base : metricLabels(base, m.constLabels, m.dropped);
          const key = simple ? baseKey : `${startMs}${SEP}${zoneKey}${SEP}${labelKey(attrs)}`;
          const why = this.put(m, key, attrs, startMs, get(row, m.value));
          if (why !== undefined) reject(m.field, why);
          continue;
        }
        const entries = get(row, m.map);
        if (entries === undefined || entries === null) continue;
        if (!Array.isArray(entries)) {
          reject(m.map.join('.'), 'not a list');
          continue;
        }
        for (const entry of entries) {
          const attrs = { ...base };
          let key = baseKey;
          for (const l of m.mapLabels) {
            const v = labelValue(get(entry, l.path), l.source);
            attrs[l.source.label] = v;
            key += SEP + v;
          }
          const why = this.put(m, key, attrs, startMs, get(entry, m.value));
          if (why !== undefined) reject(m.field, why);
        }
      }
    }
    return { invalid, invalidFields, newestBucketMs: newest };
  }

  /** The collected points, one metric per metric name that got any. */
  metrics(): Metric[] {
    const out: Metric[] = [];
    const seen = new Set<string>();
    for (const m of this.spec.metrics) {
      if (seen.has(m.name)) continue; // one name, several fields (quantiles): one metric
      seen.add(m.name);
      const slots = this.slots.get(m.name);
      if (slots === undefined || slots.size === 0) continue;
      const points: DataPoint[] = [];
      for (const s of slots.values()) {
        if (s.overflow) continue;
        points.push({ attributes: s.attributes, startMs: s.startMs, timeMs: s.startMs + BUCKET_MS, value: s.value });
      }
      out.push({ descriptor: descriptorOf(m), points });
    }
    return out;
  }

  /** Adds a value to its series; returns why it was not usable, if it was not. */
  private put(
    m: PlannedMetric,
    key: string,
    attributes: Attributes,
    startMs: number,
    raw: unknown,
  ): string | undefined {
    const read = m.real ? realOf(raw) : countOf(raw);
    if ('error' in read) return read.error;
    let slots = this.slots.get(m.name);
    if (slots === undefined) {
      slots = new Map();
      this.slots.set(m.name, slots);
    }
    const slot = slots.get(key);
    if (slot === undefined) {
      slots.set(key, { attributes, startMs, value: read.value, overflow: false });
      return undefined;
    }
    slot.value = m.max ? Math.max(slot.value, read.value) : slot.value + read.value;
    if (!m.real && slot.value > MAX_COUNT && !slot.overflow) {
      slot.overflow = true;
      return 'the sum of one series in one minute passes 2^53';
    }
    return undefined;
  }
}

const TIME_PATH: Path = ['dimensions', TIME_DIMENSION];
const TIME_FIELD = TIME_PATH.join('.');

function descriptorOf(m: DatasetSpec['metrics'][number]): MetricDescriptor {
  if (m.kind === 'gauge') return { name: m.name, kind: 'gauge', unit: m.unit, description: m.description };
  return {
    name: m.name,
    kind: 'sum',
    temporality: 'delta',
    monotonic: true,
    unit: m.unit,
    description: m.description,
  };
}

/** A metric's labels: the row's, without the dropped ones, plus the fixed ones. */
function metricLabels(
  base: Readonly<Record<string, string>>,
  constLabels: Readonly<Record<string, string>>,
  dropped: ReadonlySet<string>,
): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (!dropped.has(k)) attrs[k] = v;
  return { ...attrs, ...constLabels };
}

function labelKey(attrs: Readonly<Record<string, string>>): string {
  return Object.entries(attrs)
    .map(([k, v]) => `${k}=${v}`)
    .join(SEP);
}

/** Minute start of a row from `dimensions.datetimeMinute` (strict RFC 3339), floored to the minute. */
export function bucketOf(row: unknown): number | undefined {
  const ms = rfc3339Ms(get(row, TIME_PATH));
  return ms === undefined ? undefined : Math.floor(ms / BUCKET_MS) * BUCKET_MS;
}

function get(value: unknown, path: Path): unknown {
  let node = value;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function labelValue(raw: unknown, source: LabelSource): string {
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : '';
  return source.derive === undefined ? text : source.derive(text);
}
