import type { Simulator } from '@settle/cloudflare-sim';
import type { ZoneInfo } from '@settle/receiver-cloudflare';
import { queryZonesOnce, type ZoneQueryTarget } from '@settle/receiver-cloudflare';
import { seriesIdentity } from './point-id.js';
import type { PointIds } from './push-log.js';

const CHUNK = 10 * 60_000;

export interface Reference {
  /** Final value of every point of the evaluated minutes, by point id. */
  readonly values: ReadonlyMap<number, number>;
  /** When each of those points became final, seconds after its bucket's end: its zone-minute's true settle
   *  time (`simulator.settledAt`), which is what the oracle waits for. */
  readonly settleDelayS: ReadonlyMap<number, number>;
  /** How many zone-minute request totals were checked against `simulator.truth()`, and how many matched. */
  readonly truthChecked: number;
  readonly truthMatched: number;
}

/**
 * The final values, read once every evaluated minute has settled (the caller makes sure of that), through the
 * same query and mapping as the strategies. Cross-checked against the simulator's own truth for the
 * per-minute request totals, so a mapping mistake cannot make every strategy look exact.
 */
export async function readReference(
  target: ZoneQueryTarget,
  simulator: Simulator,
  ids: PointIds,
  datasets: readonly string[],
  zones: readonly ZoneInfo[],
  fromMs: number,
  toMs: number,
): Promise<Reference> {
  const values = new Map<number, number>();
  const settleDelayS = new Map<number, number>();
  const tagOf = new Map(zones.map((z) => [z.name, z.tag]));
  for (const dataset of datasets) {
    for (let since = fromMs; since < toMs; since += CHUNK) {
      for (let i = 0; i < zones.length; i += 10) {
        const until = Math.min(since + CHUNK, toMs);
        for (const m of await queryZonesOnce(target, dataset, zones.slice(i, i + 10), since, until)) {
          for (const p of m.points) {
            const start = p.startMs ?? p.timeMs;
            const id = ids.internPoint(m.descriptor.name, p.attributes, start, p.timeMs);
            values.set(id, p.value);
            const tag = tagOf.get(String(p.attributes['zone']));
            if (tag !== undefined) settleDelayS.set(id, (simulator.settledAt(tag, start) - p.timeMs) / 1000);
          }
        }
      }
    }
  }
  let truthChecked = 0;
  let truthMatched = 0;
  if (datasets.includes('http_requests')) {
    for (const zone of zones) {
      for (let minute = fromMs; minute < toMs; minute += 60_000) {
        const total = simulator
          .truth(zone.tag, 'httpRequests1mGroups', minute)
          .find((t) => Object.keys(t.dimensions).length === 0)?.values['requests'];
        if (total === undefined) continue;
        truthChecked++;
        const id = ids.find(seriesIdentity('cloudflare_zone_requests_total', { zone: zone.name }), minute);
        if (id !== undefined && values.get(id) === total) truthMatched++;
      }
    }
  }
  return { values, settleDelayS, truthChecked, truthMatched };
}
