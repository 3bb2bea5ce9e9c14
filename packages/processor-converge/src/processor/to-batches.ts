import type { Attributes, Batch, DataPoint, Metric, MetricDescriptor } from '@settle/core';
import { R_BACKFILL, type EmissionBuffer } from '../engine/emission-buffer.js';

/** The batches built from one engine call, and how many emissions could not be (no series info). */
export interface Batched {
  readonly batches: Batch[];
  /** Emissions of series the engine holds no descriptor for: only keys fed through `ingestColumns`. */
  readonly unbatchable: number;
}

interface Group {
  readonly resource: Attributes;
  readonly backfill: boolean;
  readonly descriptor: MetricDescriptor;
  readonly points: DataPoint[];
}

/**
 * Builds batches straight from the engine's emission columns, one data point per emission and no other object
 * per point: one batch per resource and origin (backfill emissions keep their origin so downstream knows they
 * are history), one metric per descriptor inside, marked
 * `partialBuckets` (series of one bucket settle, and leave, at different times: never a bucket's complete set). The engine shares descriptor and resource objects between
 * series, so grouping by identity is grouping by value; emissions come in runs of one group (a window's
 * trackers in order), so the group is looked up only when it changes.
 */
export function toBatches(out: EmissionBuffer): Batched {
  const groups: Group[] = [];
  const index = new Map<Attributes, Map<MetricDescriptor, Group[]>>();
  let last: Group | undefined;
  let unbatchable = 0;
  for (let i = 0; i < out.length; i++) {
    const info = out.info(i);
    if (info === undefined) {
      unbatchable++;
      continue;
    }
    const backfill = out.code(i) === R_BACKFILL;
    const { resource, descriptor } = info;
    if (
      last === undefined ||
      last.resource !== resource ||
      last.descriptor !== descriptor ||
      last.backfill !== backfill
    )
      last = groupOf(index, groups, resource, descriptor, backfill);
    const b = out.bucket(i);
    last.points.push(
      b.startMs === undefined
        ? { attributes: info.attributes, timeMs: b.timeMs, value: out.value(i) }
        : { attributes: info.attributes, startMs: b.startMs, timeMs: b.timeMs, value: out.value(i) },
    );
  }
  return { batches: assemble(groups), unbatchable };
}

function groupOf(
  index: Map<Attributes, Map<MetricDescriptor, Group[]>>,
  groups: Group[],
  resource: Attributes,
  descriptor: MetricDescriptor,
  backfill: boolean,
): Group {
  let byDescriptor = index.get(resource);
  if (byDescriptor === undefined) index.set(resource, (byDescriptor = new Map<MetricDescriptor, Group[]>()));
  let both = byDescriptor.get(descriptor);
  if (both === undefined) byDescriptor.set(descriptor, (both = []));
  let g = both.find((x) => x.backfill === backfill);
  if (g === undefined) {
    g = { resource, backfill, descriptor, points: [] };
    both.push(g);
    groups.push(g);
  }
  return g;
}

interface OpenBatch {
  readonly resource: Attributes;
  readonly metrics: Metric[];
  readonly meta: NonNullable<Batch['meta']>;
}

/** One batch per resource and origin, in the order groups were first met. */
function assemble(groups: readonly Group[]): Batch[] {
  const batches: Batch[] = [];
  const byKey = new Map<
    Attributes,
    Map<boolean, { resource: Attributes; metrics: Metric[]; meta: NonNullable<Batch['meta']> }>
  >();
  for (const g of groups) {
    let byOrigin = byKey.get(g.resource);
    if (byOrigin === undefined) byKey.set(g.resource, (byOrigin = new Map<boolean, OpenBatch>()));
    let batch = byOrigin.get(g.backfill);
    if (batch === undefined) {
      batch = {
        resource: g.resource,
        metrics: [],
        meta: { origin: g.backfill ? 'backfill' : 'live', partialBuckets: true },
      };
      byOrigin.set(g.backfill, batch);
      batches.push(batch);
    }
    batch.metrics.push({ descriptor: g.descriptor, points: g.points });
  }
  return batches;
}
