import type { Cell } from '../model/cell.js';
import type { DimensionReader } from '../schema/datasets.js';
import type { RowPredicate } from './filter.js';
import { hashOf, Rng } from '../model/random.js';
import { isTimeDimension } from './time-dimensions.js';

/** Time readers ignore the cell. */
const NO_CELL = undefined as unknown as Cell;

/**
 * Group-key parts per (cell dimensions, selected dimensions). A cell's `dims` object is shared by every settling
 * step's copy of that cell, so polls of the same minutes with the same selection reuse the keys.
 */
const keyCache = new WeakMap<object, Map<string, string>>();

function cellKey(
  cell: Cell,
  signature: string,
  cellDims: readonly (readonly [string, DimensionReader | undefined])[],
): string {
  let perDims = keyCache.get(cell.dims);
  if (perDims === undefined) {
    perDims = new Map();
    keyCache.set(cell.dims, perDims);
  }
  let key = perDims.get(signature);
  if (key === undefined) {
    key = '';
    for (const [, read] of cellDims) key += `${read === undefined ? '' : read(cell, 0)}\u0000`;
    perDims.set(signature, key);
  }
  return key;
}

/** Running totals of one output group of an adaptive dataset. */
export interface GroupAcc {
  readonly key: string;
  readonly dims: Record<string, string | number>;
  count: number;
  edgeResponseBytes: number;
  edgeRequestBytes: number;
  visits: number;
  edgeTimeToFirstByteMs: number;
  originResponseDurationMs: number;
  originCount: number;
  count4xx: number;
  count5xx: number;
}

/** The rows of one minute (a visible view, or the final cells for the truth). */
export interface MinuteRows {
  readonly minuteMs: number;
  readonly cells: readonly Cell[];
}

/** Groups the rows of visible minutes by the selected dimensions. Insertion order = first appearance = time order. */
export function groupRows(
  views: readonly MinuteRows[],
  isRow: (cell: Cell) => boolean,
  predicate: RowPredicate,
  dims: readonly string[],
  readers: ReadonlyMap<string, DimensionReader>,
): GroupAcc[] {
  // Two levels (time bucket, then cell key) so lookups use the cached cell-key strings as they are.
  const groups = new Map<string, Map<string, GroupAcc>>();
  const all: GroupAcc[] = [];
  const timeDims = dims.filter(isTimeDimension).map((d) => [d, readers.get(d)] as const);
  const cellDims = dims.filter((d) => !isTimeDimension(d)).map((d) => [d, readers.get(d)] as const);
  const allDims = dims.map((d) => [d, readers.get(d)] as const);
  const signature = cellDims.map(([d]) => d).join(',');
  for (const view of views) {
    const minute = view.minuteMs;
    let timeKey = '';
    for (const [, read] of timeDims) timeKey += `${read === undefined ? '' : read(NO_CELL, minute)}\u0000`;
    let bucket = groups.get(timeKey);
    if (bucket === undefined) {
      bucket = new Map();
      groups.set(timeKey, bucket);
    }
    for (const cell of view.cells) {
      if (!isRow(cell) || !predicate(cell, minute)) continue;
      const ck = cellKey(cell, signature, cellDims);
      let acc = bucket.get(ck);
      if (acc === undefined) {
        const values: Record<string, string | number> = {};
        for (const [name, read] of allDims) values[name] = read === undefined ? '' : read(cell, minute);
        acc = {
          key: timeKey + ck,
          dims: values,
          count: 0,
          edgeResponseBytes: 0,
          edgeRequestBytes: 0,
          visits: 0,
          edgeTimeToFirstByteMs: 0,
          originResponseDurationMs: 0,
          originCount: 0,
          count4xx: 0,
          count5xx: 0,
        };
        bucket.set(ck, acc);
        all.push(acc);
      }
      acc.count += cell.count;
      acc.edgeResponseBytes += cell.edgeResponseBytes;
      acc.edgeRequestBytes += cell.edgeRequestBytes;
      acc.visits += cell.visits;
      acc.edgeTimeToFirstByteMs += cell.edgeTimeToFirstByteMs;
      acc.originResponseDurationMs += cell.originResponseDurationMs;
      if (cell.dims.originResponseStatus !== 0) acc.originCount += cell.count;
      const status = cell.dims.edgeResponseStatus;
      if (status >= 400 && status < 500) acc.count4xx += cell.count;
      else if (status >= 500) acc.count5xx += cell.count;
    }
  }
  return all.filter((g) => g.count > 0);
}

/**
 * Adaptive datasets are sampled: each group's numbers are off by a relative error that changes from one query
 * to the next (`nonce`), so identical polls of a settled minute can disagree. Groups that sample to zero vanish.
 */
export function applySamplingNoise(
  groups: GroupAcc[],
  noise: number,
  seed: number,
  nonce: number,
  zone: number,
): GroupAcc[] {
  if (!(noise > 0)) return groups;
  const out: GroupAcc[] = [];
  for (const g of groups) {
    const factor = Math.max(0, 1 + noise * new Rng(hashOf(seed, 'noise', nonce, zone, g.key)).normal());
    const scale = (v: number): number => Math.round(v * factor);
    const count = scale(g.count);
    if (count <= 0) continue;
    out.push({
      ...g,
      count,
      edgeResponseBytes: scale(g.edgeResponseBytes),
      edgeRequestBytes: scale(g.edgeRequestBytes),
      visits: scale(g.visits),
      edgeTimeToFirstByteMs: scale(g.edgeTimeToFirstByteMs),
      originResponseDurationMs: scale(g.originResponseDurationMs),
      originCount: scale(g.originCount),
      count4xx: scale(g.count4xx),
      count5xx: scale(g.count5xx),
    });
  }
  return out;
}
