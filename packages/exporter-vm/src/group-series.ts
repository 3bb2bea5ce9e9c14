import type { Attributes, Batch } from '@settle/core';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Why a point was not sent: the `reason` of settle_exporter_rejected_points. */
export type RejectReason =
  | 'invalid_metric_name'
  | 'invalid_label_name'
  | 'too_many_labels'
  | 'label_value_too_long'
  | 'non_finite_value'
  | 'too_old'
  | 'too_far_in_future';

export interface Series {
  /** Includes `__name__`; extra labels win over point attributes, which win over resource attributes. */
  readonly labels: Readonly<Record<string, string>>;
  readonly timestamps: number[];
  readonly values: number[];
  /** False when timestamps were not appended in increasing order (then normalised by `finishSeries`). */
  sorted: boolean;
}

export interface GroupOptions {
  readonly timestamp: 'start' | 'end';
  readonly extraLabels: Readonly<Record<string, string>>;
  /** Oldest and newest acceptable sample timestamps (inclusive), epoch ms. */
  readonly minMs: number;
  readonly maxMs: number;
}

export interface Grouped {
  readonly series: Series[];
  readonly accepted: number;
  readonly rejected: Map<RejectReason, { count: number; example: string }>;
}

/**
 * Validates every point (VictoriaMetrics answers 204 and drops bad samples silently) and groups the good ones
 * into series, one entry per metric name and label set, so the import body carries one line per series. A
 * request merged from several queued batches holds several metric entries of one name: they share their
 * series, and a (series, timestamp) seen twice keeps the later value in batch order (queue order: the newest
 * revision), so one request never carries two values for one bucket.
 */
export function groupSeries(batch: Batch, options: GroupOptions): Grouped {
  const series: Series[] = [];
  const rejected = new Map<RejectReason, { count: number; example: string }>();
  const reject = (reason: RejectReason, count: number, example: string): void => {
    const r = rejected.get(reason);
    if (r === undefined) rejected.set(reason, { count, example });
    else r.count += count;
  };
  let accepted = 0;
  const trees = new Map<string, SeriesTree>();
  for (const metric of batch.metrics) {
    const name = metric.descriptor.name;
    if (!METRIC_NAME.test(name)) {
      reject('invalid_metric_name', metric.points.length, name);
      continue;
    }
    let tree = trees.get(name);
    if (tree === undefined) {
      tree = new SeriesTree();
      trees.set(name, tree);
    }
    for (const p of metric.points) {
      const ts = Math.round(options.timestamp === 'start' ? (p.startMs ?? p.timeMs) : p.timeMs);
      if (!Number.isFinite(p.value)) {
        reject('non_finite_value', 1, `${name}=${p.value}`);
        continue;
      }
      if (!(ts >= options.minMs)) {
        reject('too_old', 1, `${name}@${new Date(ts).toISOString()}`);
        continue;
      }
      if (ts > options.maxMs) {
        reject('too_far_in_future', 1, `${name}@${new Date(ts).toISOString()}`);
        continue;
      }
      let s = tree.get(p.attributes);
      if (s === undefined) {
        s = makeSeries(name, batch.resource, p.attributes, options.extraLabels);
        tree.set(p.attributes, s);
        if (isSeries(s)) series.push(s);
      }
      if (!isSeries(s)) {
        reject(s.reason, 1, s.example);
        continue;
      }
      const last = s.timestamps[s.timestamps.length - 1];
      if (last !== undefined && ts <= last) s.sorted = false;
      s.timestamps.push(ts);
      s.values.push(p.value);
      accepted++;
    }
  }
  // Duplicates removed here are superseded revisions, not rejections: they count as delivered.
  for (const s of series) if (!s.sorted) finishSeries(s);
  return { series, accepted, rejected };
}

const LEAF = Symbol('series');

/**
 * Finds the series of an attribute set by walking nested maps, one level per attribute name and value.
 * Several times cheaper than building a string key per point: attribute names and values are strings whose
 * hashes V8 caches, so a lookup costs a few map probes and no allocation.
 */
class SeriesTree {
  private readonly root = new Map<unknown, unknown>();

  get(attrs: Attributes): Series | Refusal | undefined {
    let node: Map<unknown, unknown> | undefined = this.root;
    for (const k in attrs) {
      node = (node.get(k) as Map<unknown, unknown> | undefined)?.get(attrs[k]) as Map<unknown, unknown> | undefined;
      if (node === undefined) return undefined;
    }
    return node.get(LEAF) as Series | Refusal | undefined;
  }

  set(attrs: Attributes, value: Series | Refusal): void {
    let node = this.root;
    for (const k in attrs) node = child(child(node, k), attrs[k]);
    node.set(LEAF, value);
  }
}

function child(node: Map<unknown, unknown>, key: unknown): Map<unknown, unknown> {
  let next = node.get(key) as Map<unknown, unknown> | undefined;
  if (next === undefined) {
    next = new Map();
    node.set(key, next);
  }
  return next;
}

/** VictoriaMetrics' defaults: it silently drops labels beyond the 30th and truncates longer values. */
export const MAX_LABELS = 30;
export const MAX_LABEL_VALUE_BYTES = 16_384;

interface Refusal {
  readonly reason: RejectReason;
  readonly example: string;
}

function isSeries(s: Series | Refusal): s is Series {
  return (s as Series).labels !== undefined;
}

/** Builds the series of a label set, or says why VictoriaMetrics would not store it as sent. */
function makeSeries(
  name: string,
  resource: Attributes,
  attrs: Attributes,
  extra: Readonly<Record<string, string>>,
): Series | Refusal {
  const labels: Record<string, string> = { __name__: name };
  for (const source of [resource, attrs]) {
    for (const k in source) {
      if (!LABEL_NAME.test(k) || k.startsWith('__')) return { reason: 'invalid_label_name', example: k };
      labels[k] = String(source[k]);
    }
  }
  Object.assign(labels, extra);
  const names = Object.keys(labels);
  if (names.length - 1 > MAX_LABELS)
    return { reason: 'too_many_labels', example: `${name}: ${names.length - 1} labels` };
  for (const k of names) {
    if (Buffer.byteLength(labels[k] ?? '') > MAX_LABEL_VALUE_BYTES) {
      return { reason: 'label_value_too_long', example: `${name}: ${k}` };
    }
  }
  return { labels, timestamps: [], values: [], sorted: true };
}

/**
 * Sorts a series by time and keeps one sample per timestamp: the last one in batch order, i.e. the latest
 * revision of a bucket. Returns how many duplicates were removed.
 */
export function finishSeries(s: Series): number {
  const order = s.timestamps.map((_, i) => i);
  order.sort((a, b) => (s.timestamps[a] ?? 0) - (s.timestamps[b] ?? 0) || a - b);
  const ts: number[] = [];
  const vs: number[] = [];
  for (const i of order) {
    const t = s.timestamps[i] ?? 0;
    const v = s.values[i] ?? 0;
    if (ts.length > 0 && ts[ts.length - 1] === t) vs[vs.length - 1] = v;
    else {
      ts.push(t);
      vs.push(v);
    }
  }
  const removed = s.timestamps.length - ts.length;
  s.timestamps.length = 0;
  s.values.length = 0;
  for (let i = 0; i < ts.length; i++) {
    s.timestamps.push(ts[i] ?? 0);
    s.values.push(vs[i] ?? 0);
  }
  s.sorted = true;
  return removed;
}
