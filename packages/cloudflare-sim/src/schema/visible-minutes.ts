import type { GraphQLResolveInfo } from 'graphql';
import type { VisibleMinute } from '../model/traffic-model.js';
import type { ZoneProfile } from '../model/zones.js';
import { compileFilter, type RowPredicate } from '../query/filter.js';
import { selectedDimensions } from '../query/selection.js';
import { checkLimit, minutesToScan } from '../query/time-range.js';
import type { DatasetDef } from './datasets.js';
import type { RequestContext } from './request-context.js';

/** What every group resolver starts from: its validated arguments and the minutes visible to this request. */
export interface MinuteScan {
  readonly limit: number;
  /** The whole `filter` argument, compiled against the dataset's dimensions. */
  readonly predicate: RowPredicate;
  /** The selected dimensions this dataset can group by. */
  readonly dims: string[];
  /** The minutes in the filtered range that have data visible now, oldest first. */
  readonly views: VisibleMinute[];
}

/**
 * Validates `limit`, the time range and the filter, in that order (it decides which mistake a query with
 * several is refused for), then reads the minutes of the range as they look at the request's instant.
 */
export function scanVisibleMinutes(
  ctx: RequestContext,
  zone: ZoneProfile,
  def: DatasetDef,
  args: Record<string, unknown>,
  info: GraphQLResolveInfo,
): MinuteScan {
  const limit = checkLimit(args['limit']);
  const minutes = minutesToScan(args['filter'], ctx.now, ctx.sim.limitsFor(def.name));
  const predicate = compileFilter(args['filter'], def.dimensions, def.readers);
  const dims = selectedDimensions(info).filter((d) => def.readers.has(d));
  const views: VisibleMinute[] = [];
  for (const minute of minutes) {
    const view = ctx.sim.model.visible(zone, minute, ctx.now);
    if (view !== undefined) views.push(view);
  }
  return { limit, predicate, dims, views };
}
