import type { GraphQLResolveInfo } from 'graphql';
import { settleSchedule, stepAt } from '../model/settling.js';
import { compileFilter } from '../query/filter.js';
import { orderAndLimit, type OutputGroup } from '../query/order.js';
import { selectedDimensions } from '../query/selection.js';
import { isTimeDimension, timeDimension } from '../query/time-dimensions.js';
import { checkLimit, minutesToScan } from '../query/time-range.js';
import type { DimensionReader, FieldDef } from './datasets.js';
import type { ExtraDatasetDef, ExtraRow } from './extra-datasets.js';
import type { RequestContext } from './request-context.js';

export const EXTRA_TIME = [
  'date',
  'datetime',
  'datetimeFifteenMinutes',
  'datetimeFiveMinutes',
  'datetimeHour',
  'datetimeMinute',
];

/** Every dimension of an extra dataset, time ones first, as the SDL and the filter see them. */
export function extraDimensions(def: ExtraDatasetDef): FieldDef[] {
  return [...EXTRA_TIME.map((n): FieldDef => ({ name: n, type: n === 'date' ? 'Date' : 'Time' })), ...def.dimensions];
}

const readersCache = new WeakMap<ExtraDatasetDef, Map<string, DimensionReader>>();

/** Readers over ExtraRow (passed where traffic readers get a cell). */
function readersOf(def: ExtraDatasetDef): Map<string, DimensionReader> {
  let readers = readersCache.get(def);
  if (readers === undefined) {
    readers = new Map();
    for (const d of extraDimensions(def)) {
      const name = d.name;
      readers.set(
        name,
        isTimeDimension(name)
          ? (_row, minuteMs) => timeDimension(name, minuteMs)
          : (row) => (row as unknown as ExtraRow).dims[name] ?? '',
      );
    }
    readersCache.set(def, readers);
  }
  return readers;
}

interface Acc {
  dims: Record<string, string | number>;
  count: number;
  sum: Record<string, number>;
  max: Record<string, number>;
  quantiles: Record<string, number>;
  avgWeighted: Record<string, number>;
  weight: number;
}

/**
 * Answers an extra dataset for one entity (a zone or an account): the minutes of the range as they look now
 * (counts and sums scaled by the minute's settle level, gauges at their value), filtered, grouped by the
 * selected dimensions, ordered and limited.
 */
export function resolveExtra(
  ctx: RequestContext,
  def: ExtraDatasetDef,
  entity: { readonly key: string; readonly index: number },
  args: Record<string, unknown>,
  info: GraphQLResolveInfo,
): OutputGroup[] {
  const limit = checkLimit(args['limit']);
  const minutes = minutesToScan(args['filter'], ctx.now, ctx.sim.limitsFor('httpRequestsAdaptiveGroups'));
  const readers = readersOf(def);
  const predicate = compileFilter(args['filter'], extraDimensions(def), readers);
  const dims = selectedDimensions(info).filter((d) => readers.has(d));
  const groups = new Map<string, Acc>();
  for (const minuteMs of minutes) {
    const schedule = settleSchedule(ctx.sim.seed, entity.index, minuteMs);
    const step = stepAt(schedule, (ctx.now - minuteMs - 60_000) / 1000);
    if (step < 0) continue;
    const level = schedule.levels[step] ?? 1;
    for (const final of def.rows(ctx.sim.seed, entity.key, minuteMs)) {
      const row = scaled(final, level);
      if (row === undefined || !predicate(row as never, minuteMs)) continue;
      const values = dims.map((d) => (readers.get(d) as DimensionReader)(row as never, minuteMs));
      const key = JSON.stringify(values);
      let acc = groups.get(key);
      if (acc === undefined) {
        acc = { dims: {}, count: 0, sum: {}, max: {}, quantiles: {}, avgWeighted: {}, weight: 0 };
        dims.forEach((d, i) => ((acc as Acc).dims[d] = values[i] as string | number));
        groups.set(key, acc);
      }
      add(acc, row);
    }
  }
  const out = [...groups.values()].map((a) => shape(def, a));
  return orderAndLimit(out, args['orderBy'], limit);
}

/** The row as visible at `level` of its final value; undefined when its counts are still zero. */
function scaled(row: ExtraRow, level: number): ExtraRow | undefined {
  if (level >= 1) return row;
  const scale = (o: Readonly<Record<string, number>> | undefined): Record<string, number> | undefined =>
    o === undefined ? undefined : Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.floor(v * level)]));
  const count = row.count === undefined ? undefined : Math.floor(row.count * level);
  const sum = scale(row.sum);
  if (count === 0 || (count === undefined && sum !== undefined && Object.values(sum).every((v) => v === 0)))
    return undefined;
  return { ...row, ...(count === undefined ? {} : { count }), ...(sum === undefined ? {} : { sum }) };
}

function add(acc: Acc, row: ExtraRow): void {
  const weight = row.count ?? row.sum?.['requests'] ?? 1;
  acc.count += row.count ?? 0;
  for (const [k, v] of Object.entries(row.sum ?? {})) acc.sum[k] = (acc.sum[k] ?? 0) + v;
  for (const [k, v] of Object.entries(row.max ?? {})) acc.max[k] = Math.max(acc.max[k] ?? 0, v);
  // Quantiles of a merged group are not derivable from the parts; the largest is a conservative stand-in.
  for (const [k, v] of Object.entries(row.quantiles ?? {})) acc.quantiles[k] = Math.max(acc.quantiles[k] ?? 0, v);
  for (const [k, v] of Object.entries(row.avg ?? {})) acc.avgWeighted[k] = (acc.avgWeighted[k] ?? 0) + v * weight;
  acc.weight += weight;
}

function shape(def: ExtraDatasetDef, a: Acc): OutputGroup & Record<string, unknown> {
  const avg = Object.fromEntries(
    def.avg.map((k) => [k, a.weight > 0 ? Math.round(((a.avgWeighted[k] ?? 0) / a.weight) * 1000) / 1000 : 0]),
  );
  return {
    ...(def.count ? { count: a.count } : {}),
    dimensions: a.dims,
    ...(def.sum.length > 0 ? { sum: Object.fromEntries(def.sum.map((k) => [k, a.sum[k] ?? 0])) } : {}),
    ...(def.max.length > 0 ? { max: Object.fromEntries(def.max.map((k) => [k, a.max[k] ?? 0])) } : {}),
    ...(def.quantiles.length > 0
      ? { quantiles: Object.fromEntries(def.quantiles.map((k) => [k, a.quantiles[k] ?? 0])) }
      : {}),
    ...(def.avg.length > 0 ? { avg } : {}),
  };
}
