import type { Attributes, DataPoint, Metric, MetricDescriptor } from '@settle/core';
import { BUCKET_MS, TIME_DIMENSION, type DatasetSpec, type LabelSource } from '../datasets/types.js';
import { countOf, MAX_COUNT, realOf, rfc3339Ms } from './reply-values.js';
import { planOf, SEP, type Path, type Plan, type PlannedMetric } from './rows-plan.js';

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
      // Several metrics read one map (countryMap: requests, bytes, threats): label its entries once per row.
      const labelled: (LabelledEntry[] | undefined)[] = [];
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
        let done = labelled[m.mapGroup];
        if (done === undefined) {
          done = entries.map((entry: unknown) => labelEntry(entry, m, base, baseKey));
          labelled[m.mapGroup] = done;
        }
        for (let i = 0; i < done.length; i++) {
          const e = done[i] as LabelledEntry;
          const why = this.put(m, e.key, e.attrs, startMs, get(entries[i], m.value));
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
    let value: number;
    // The usual case, a JSON number that is already valid, without building a result object per value.
    if (
      typeof raw === 'number' &&
      raw >= 0 &&
      (m.real ? Number.isFinite(raw) : Number.isInteger(raw) && raw <= MAX_COUNT)
    )
      value = raw;
    else {
      const read = m.real ? realOf(raw) : countOf(raw);
      if ('error' in read) return read.error;
      value = read.value;
    }
    let slots = this.slots.get(m.name);
    if (slots === undefined) {
      slots = new Map();
      this.slots.set(m.name, slots);
    }
    const slot = slots.get(key);
    if (slot === undefined) {
      slots.set(key, { attributes, startMs, value, overflow: false });
      return undefined;
    }
    slot.value = m.max ? Math.max(slot.value, value) : slot.value + value;
    if (!m.real && slot.value > MAX_COUNT && !slot.overflow) {
      slot.overflow = true;
      return 'the sum of one series in one minute passes 2^53';
    }
    return undefined;
  }
}

interface LabelledEntry {
  readonly attrs: Attributes;
  readonly key: string;
}

function labelEntry(
  entry: unknown,
  m: PlannedMetric,
  base: Readonly<Record<string, string>>,
  baseKey: string,
): LabelledEntry {
  const attrs = { ...base };
  let key = baseKey;
  for (const l of m.mapLabels) {
    const v = labelValue(get(entry, l.path), l.source);
    attrs[l.source.label] = v;
    key += SEP + v;
  }
  return { attrs, key };
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
  const raw = get(row, TIME_PATH);
  // Rows come ordered by minute, so most rows repeat the previous row's time: parse each text once.
  if (raw === lastTime.raw && typeof raw === 'string') return lastTime.bucket;
  const ms = rfc3339Ms(raw);
  const bucket = ms === undefined ? undefined : Math.floor(ms / BUCKET_MS) * BUCKET_MS;
  if (typeof raw === 'string') {
    lastTime.raw = raw;
    lastTime.bucket = bucket;
  }
  return bucket;
}

const lastTime: { raw: string | undefined; bucket: number | undefined } = { raw: undefined, bucket: undefined };

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
