import type { Cell } from '../model/cell.js';
import type { DimensionReader } from '../schema/datasets.js';
import type { RowPredicate } from './filter.js';
import { hashOf, Rng } from '../model/random.js';

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
  const groups = new Map<string, GroupAcc>();
  const dimReaders = dims.map((d) => [d, readers.get(d)] as const);
  for (const view of views) {
    const minute = view.minuteMs;
    for (const cell of view.cells) {
      if (!isRow(cell) || !predicate(cell, minute)) continue;
      let key = '';
      for (const [, read] of dimReaders) key += `${read === undefined ? '' : read(cell, minute)}\u0000`;
      let acc = groups.get(key);
      if (acc === undefined) {
        const values: Record<string, string | number> = {};
        for (const [name, read] of dimReaders) values[name] = read === undefined ? '' : read(cell, minute);
        acc = {
          key,
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
        groups.set(key, acc);
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
  return [...groups.values()].filter((g) => g.count > 0);
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
