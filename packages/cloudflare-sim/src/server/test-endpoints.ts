import type { SimulatorCore } from '../simulator.js';
import { floorMinute, parseTime } from '../query/time-dimensions.js';
import { json, type Reply } from './reply.js';

/**
 * GET /__truth?zone=<tag>&dataset=<name>&from=<iso>&to=<iso>[&dimensions=a,b] → TruthPoint[] for every minute
 * in [from, to); GET /__stats → counters. Unauthenticated: they are for tests and benchmarks, not clients.
 */
export function handleTestEndpoint(sim: SimulatorCore, url: URL): Reply | undefined {
  if (url.pathname === '/__stats') return json(200, sim.stats());
  if (url.pathname !== '/__truth') return undefined;
  const zone = url.searchParams.get('zone');
  const dataset = url.searchParams.get('dataset') ?? 'httpRequestsAdaptiveGroups';
  const from = parseTime(url.searchParams.get('from'));
  const toRaw = url.searchParams.get('to');
  const to = toRaw === null ? from + 60_000 : parseTime(toRaw);
  const dims = url.searchParams.get('dimensions');
  if (zone === null || Number.isNaN(from) || Number.isNaN(to)) {
    return json(400, {
      error: 'usage: /__truth?zone=<tag>&dataset=<name>&from=<RFC 3339>&to=<RFC 3339>[&dimensions=a,b]',
    });
  }
  if (to - from > 31 * 86_400_000) return json(400, { error: 'at most 31 days per truth request' });
  const groupBy = dims === null || dims === '' ? undefined : dims.split(',');
  try {
    const points = [];
    for (let m = floorMinute(from); m < to; m += 60_000) points.push(...sim.truth(zone, dataset, m, groupBy));
    return json(200, points);
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) });
  }
}
